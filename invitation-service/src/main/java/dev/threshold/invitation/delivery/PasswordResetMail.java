package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.events.PasswordResetRequested;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
        MailTexts words = MailTexts.of(BUNDLE, locale);
        String org = request.orgName() == null ? "" : request.orgName();
        Instant expires = request.expiresAt() == null ? clock.instant() : request.expiresAt();
        long minutes = Math.max(1, Duration.between(clock.instant(), expires).toMinutes());
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(expires.atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", words.format("subject", org));
        t.put("greeting", request.name() == null || request.name().isBlank() ? words.format("greeting.anonymous")
                : words.format("greeting", request.name()));
        t.put("intro", words.format("intro", recipient, org));
        t.put("action", words.format("action"));
        t.put("button", words.format("button"));
        t.put("linkHint", words.format("linkHint"));
        t.put("expiry", words.format("expiry", minutes, when));
        t.put("mfa", words.format("mfa"));
        t.put("ignore", words.format("ignore"));
        t.put("junk", words.format("junk", fromAddress));
        t.put("footer", words.format("footer", org));
        return t;
    }
}
