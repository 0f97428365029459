package dev.threshold.invitation.delivery;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.config.InvitationConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
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
 * Renders the invitation email (HTML and plain text from the Qute templates {@code invitation.html}
 * / {@code invitation.txt}, texts from {@code mail/invitation*.properties}). The result carries
 * the link with the raw token: it is handed to the mailer and never logged.
 */
@ApplicationScoped
public class InvitationMail {

    private static final String BUNDLE = "mail/invitation";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final Pattern ADDRESS = Pattern.compile("<([^>]+)>");

    private final Template html;
    private final Template text;
    private final InvitationConfig config;
    private final RegionConfig region;
    private final String fromAddress;

    public InvitationMail(@Location("invitation.html") Template html, @Location("invitation.txt") Template text,
            InvitationConfig config, RegionConfig region,
            @ConfigProperty(name = "quarkus.mailer.from") String from) {
        this.html = html;
        this.text = text;
        this.config = config;
        this.region = region;
        Matcher address = ADDRESS.matcher(from);
        this.fromAddress = address.find() ? address.group(1) : from.trim();
    }

    /** What the email is about; none of it is secret except {@code token}. */
    public record Content(String email, String name, String orgName, String inviter, boolean ssoOnly,
            Instant expiresAt, Locale locale, String token) {
    }

    public Mail render(Content content) {
        Map<String, String> t = texts(content);
        String link = link(content.token());
        Map<String, Object> data = Map.of("t", t, "link", link, "lang", content.locale().toLanguageTag());
        Mail mail = Mail.withHtml(content.email(), t.get("subject"), html.data(data).render());
        mail.setText(text.data(data).render());
        mail.addHeader("Auto-Submitted", "auto-generated");
        return mail;
    }

    public String link(String token) {
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        return base + "/invite?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&region=" + URLEncoder.encode(region.region(), StandardCharsets.UTF_8);
    }

    Map<String, String> texts(Content content) {
        Locale locale = content.locale();
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, InvitationMail.class.getClassLoader(), NO_FALLBACK);
        String inviter = content.inviter() == null || content.inviter().isBlank()
                ? bundle.getString("defaultInviter") : content.inviter();
        String org = content.orgName() == null ? "" : content.orgName();
        String expiry = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(content.expiresAt().atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", format(bundle, "subject", locale, inviter, org));
        t.put("greeting", format(bundle, "greeting", locale, content.name()));
        t.put("intro", format(bundle, "intro", locale, inviter, org));
        t.put("action", format(bundle, content.ssoOnly() ? "action.sso" : "action.password", locale, org));
        t.put("button", format(bundle, "button", locale));
        t.put("linkHint", format(bundle, "linkHint", locale));
        t.put("expiry", format(bundle, "expiry", locale, expiry));
        t.put("junk", format(bundle, "junk", locale, fromAddress));
        t.put("ignore", format(bundle, "ignore", locale));
        t.put("footer", format(bundle, "footer", locale, org));
        return t;
    }

    private static String format(ResourceBundle bundle, String key, Locale locale, Object... args) {
        // always through MessageFormat, so every text doubles its apostrophes the same way
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
