package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.events.IdentityProviderChanged;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the notification to an org's other admins that an identity provider was added,
 * changed or removed (Qute templates {@code idp-changed.html} / {@code idp-changed.txt}, texts
 * from {@code mail/idp-changed*.properties}, in the languages of the invitation email).
 */
@ApplicationScoped
public class NotificationMail {

    private static final String BUNDLE = "mail/idp-changed";

    private final Template html;
    private final Template text;
    private final InvitationConfig config;

    public NotificationMail(@Location("idp-changed.html") Template html, @Location("idp-changed.txt") Template text,
            InvitationConfig config) {
        this.html = html;
        this.text = text;
        this.config = config;
    }

    public Mail identityProviderChanged(String recipient, String recipientName, Locale locale, IdentityProviderChanged change) {
        Map<String, String> t = texts(recipientName, locale, change);
        String link = config.publicBaseUrl().replaceAll("/+$", "") + "/admin/identity-providers";
        Map<String, Object> data = Map.of("t", t, "link", link, "lang", locale.toLanguageTag());
        Mail mail = Mail.withHtml(recipient, t.get("subject"), html.data(data).render());
        mail.setText(text.data(data).render());
        mail.addHeader("Auto-Submitted", "auto-generated");
        return mail;
    }

    Map<String, String> texts(String recipientName, Locale locale, IdentityProviderChanged change) {
        MailTexts words = MailTexts.of(BUNDLE, locale);
        String actor = change.actorName() != null && !change.actorName().isBlank() ? change.actorName()
                : change.actorEmail() != null ? change.actorEmail() : words.plain("someAdmin");
        String verb = switch (change.change() == null ? "" : change.change()) {
            case "created" -> "created";
            case "deleted" -> "deleted";
            default -> "updated";
        };
        String org = change.orgName() == null ? "" : change.orgName();
        String provider = change.displayName() == null ? "" : change.displayName();
        Instant time = change.time() == null ? Instant.now() : change.time();
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(time.atZone(ZoneOffset.UTC));
        List<String> fields = change.fields() == null ? List.of() : change.fields();
        Map<String, String> t = new HashMap<>();
        t.put("subject", words.format("subject." + verb, provider, org));
        t.put("greeting", recipientName == null || recipientName.isBlank() ? words.format("greeting.anonymous")
                : words.format("greeting", recipientName));
        t.put("intro", words.format("intro." + verb, actor, provider, org));
        t.put("provider", words.format("provider", provider,
                change.type() == null ? "" : change.type().toUpperCase(Locale.ROOT), change.issuer() == null ? "" : change.issuer()));
        t.put("fields", "updated".equals(verb) && !fields.isEmpty() ? words.format("fields", String.join(", ", fields)) : "");
        t.put("when", words.format("when", when));
        t.put("why", words.format("why"));
        t.put("check", words.format("check", actor));
        t.put("button", words.format("button"));
        t.put("footer", words.format("footer", org));
        return t;
    }
}
