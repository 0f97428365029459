package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.events.UserSecurityChanged;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        MailTexts words = MailTexts.of(BUNDLE, locale);
        String what = change.change() != null && CHANGES.contains(change.change()) ? change.change() : "other";
        String org = change.orgName() == null ? "" : change.orgName();
        Instant time = change.time() == null ? clock.instant() : change.time();
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(time.atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", words.format("subject." + what));
        t.put("greeting", recipientName == null || recipientName.isBlank() ? words.format("greeting.anonymous")
                : words.format("greeting", recipientName));
        t.put("intro", words.format("intro." + what, recipient, org));
        t.put("device", change.deviceName() == null || change.deviceName().isBlank() ? ""
                : words.format("device", change.deviceName()));
        t.put("when", words.format("when", when));
        t.put("ok", words.format("ok"));
        t.put("notYou", words.format("notYou"));
        t.put("button", words.format("button"));
        t.put("linkHint", words.format("linkHint"));
        t.put("footer", words.format("footer", org));
        return t;
    }
}
