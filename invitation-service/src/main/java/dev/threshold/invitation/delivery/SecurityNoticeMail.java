package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.events.UserSecurityChanged;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * Renders the email that tells a person their own password or MFA changed (ASVS 2.2.3; Qute
 * {@code security-changed.html} / {@code security-changed.txt}, texts from
 * {@code mail/security-changed*.properties}, in every language of the web app): what changed, when,
 * the device's name if any, and "if this was not you, reset your password now and tell your
 * administrator" with a button to the web app's forgotten-password page. Names and device names are
 * the person's own words: the HTML template escapes them (Qute), the texts never build markup.
 */
@ApplicationScoped
public class SecurityNoticeMail {

    private static final String BUNDLE = "mail/security-changed";
    /** The changes that have their own texts; any other is told as {@code other}. */
    static final List<String> CHANGES = List.of("password_changed", "password_reset", "mfa_device_added",
            "mfa_device_removed", "mfa_reset", "recovery_codes_regenerated");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Template html;
    private final Template text;
    private final InvitationConfig config;
    private final Clock clock;

    public SecurityNoticeMail(@Location("security-changed.html") Template html,
            @Location("security-changed.txt") Template text, InvitationConfig config, Clock clock) {
        this.html = html;
        this.text = text;
        this.config = config;
        this.clock = clock;
    }

    /** {@code <public base URL>/forgot-password?region=<region>}: the web app's "Forgot your password?" page. */
    public String link(String region) {
        String base = config.publicBaseUrl().replaceAll("/+$", "") + "/forgot-password";
        return region == null || region.isBlank() ? base : base + "?region=" + URLEncoder.encode(region, StandardCharsets.UTF_8);
    }

    public Mail render(String recipient, String recipientName, String locale, UserSecurityChanged change, String region) {
        Locale language = MailLocales.pick(locale, null);
        Map<String, String> t = texts(recipient, recipientName, language, change);
        Map<String, Object> data = Map.of("t", t, "link", link(region), "lang", language.toLanguageTag());
        Mail mail = Mail.withHtml(recipient, t.get("subject"), html.data(data).render());
        mail.setText(text.data(data).render());
        mail.addHeader("Auto-Submitted", "auto-generated");
        return mail;
    }

    Map<String, String> texts(String recipient, String recipientName, Locale locale, UserSecurityChanged change) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, SecurityNoticeMail.class.getClassLoader(),
                NO_FALLBACK);
        String what = change.change() != null && CHANGES.contains(change.change()) ? change.change() : "other";
        String org = change.orgName() == null ? "" : change.orgName();
        Instant time = change.time() == null ? clock.instant() : change.time();
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(time.atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", format(bundle, "subject." + what, locale));
        t.put("greeting", recipientName == null || recipientName.isBlank() ? format(bundle, "greeting.anonymous", locale)
                : format(bundle, "greeting", locale, recipientName));
        t.put("intro", format(bundle, "intro." + what, locale, recipient, org));
        t.put("device", change.deviceName() == null || change.deviceName().isBlank() ? ""
                : format(bundle, "device", locale, change.deviceName()));
        t.put("when", format(bundle, "when", locale, when));
        t.put("ok", format(bundle, "ok", locale));
        t.put("notYou", format(bundle, "notYou", locale));
        t.put("button", format(bundle, "button", locale));
        t.put("linkHint", format(bundle, "linkHint", locale));
        t.put("footer", format(bundle, "footer", locale, org));
        return t;
    }

    private static String format(ResourceBundle bundle, String key, Locale locale, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
