package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.events.PasswordResetRequested;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders the forgotten-password email (Qute {@code password-reset.html} / {@code password-reset.txt},
 * texts from {@code mail/password-reset*.properties}, in every language of the web app). The result
 * carries the link with the raw token: it is handed to the mailer and never logged.
 */
@ApplicationScoped
public class PasswordResetMail {

    private static final String BUNDLE = "mail/password-reset";
    private static final Pattern ADDRESS = Pattern.compile("<([^>]+)>");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Template html;
    private final Template text;
    private final InvitationConfig config;
    private final Clock clock;
    private final String fromAddress;

    public PasswordResetMail(@Location("password-reset.html") Template html, @Location("password-reset.txt") Template text,
            InvitationConfig config, Clock clock, @ConfigProperty(name = "quarkus.mailer.from") String from) {
        this.html = html;
        this.text = text;
        this.config = config;
        this.clock = clock;
        Matcher address = ADDRESS.matcher(from);
        this.fromAddress = address.find() ? address.group(1) : from.trim();
    }

    /** {@code <public base URL>/reset-password?token=<token>&region=<region>}. */
    public String link(String token, String region) {
        return config.publicBaseUrl().replaceAll("/+$", "") + "/reset-password?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&region=" + URLEncoder.encode(region, StandardCharsets.UTF_8);
    }

    public Mail render(String recipient, PasswordResetRequested request, String token, String region) {
        Locale locale = MailLocales.pickFrom(MailLocales.PASSWORD_RESET, request.locale());
        Map<String, String> t = texts(recipient, request, locale);
        String link = link(token, region);
        Map<String, Object> data = Map.of("t", t, "link", link, "lang", locale.toLanguageTag());
        Mail mail = Mail.withHtml(recipient, t.get("subject"), html.data(data).render());
        mail.setText(text.data(data).render());
        mail.addHeader("Auto-Submitted", "auto-generated");
        return mail;
    }

    Map<String, String> texts(String recipient, PasswordResetRequested request, Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, PasswordResetMail.class.getClassLoader(), NO_FALLBACK);
        String org = request.orgName() == null ? "" : request.orgName();
        Instant expires = request.expiresAt() == null ? clock.instant() : request.expiresAt();
        long minutes = Math.max(1, Duration.between(clock.instant(), expires).toMinutes());
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(expires.atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", format(bundle, "subject", locale, org));
        t.put("greeting", request.name() == null || request.name().isBlank() ? format(bundle, "greeting.anonymous", locale)
                : format(bundle, "greeting", locale, request.name()));
        t.put("intro", format(bundle, "intro", locale, recipient, org));
        t.put("action", format(bundle, "action", locale));
        t.put("button", format(bundle, "button", locale));
        t.put("linkHint", format(bundle, "linkHint", locale));
        t.put("expiry", format(bundle, "expiry", locale, minutes, when));
        t.put("mfa", format(bundle, "mfa", locale));
        t.put("ignore", format(bundle, "ignore", locale));
        t.put("junk", format(bundle, "junk", locale, fromAddress));
        t.put("footer", format(bundle, "footer", locale, org));
        return t;
    }

    private static String format(ResourceBundle bundle, String key, Locale locale, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
