package dev.threshold.invitation.delivery;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.config.InvitationConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Renders the invitation email (HTML and plain text from the Qute templates {@code invitation.html}
 * / {@code invitation.txt}, texts from {@code mail/invitation*.properties}). The result carries
 * the link with the raw token: it is handed to the mailer and never logged.
 */
@ApplicationScoped
public class InvitationMail {

    private static final String BUNDLE = "mail/invitation";
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
        MailTexts words = MailTexts.of(BUNDLE, locale);
        String inviter = content.inviter() == null || content.inviter().isBlank()
                ? words.plain("defaultInviter") : content.inviter();
        String org = content.orgName() == null ? "" : content.orgName();
        String expiry = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .format(content.expiresAt().atZone(ZoneOffset.UTC));
        Map<String, String> t = new HashMap<>();
        t.put("subject", words.format("subject", inviter, org));
        t.put("greeting", words.format("greeting", content.name()));
        t.put("intro", words.format("intro", inviter, org));
        t.put("action", words.format(content.ssoOnly() ? "action.sso" : "action.password", org));
        t.put("button", words.format("button"));
        t.put("linkHint", words.format("linkHint"));
        t.put("expiry", words.format("expiry", expiry));
        t.put("junk", words.format("junk", fromAddress));
        t.put("ignore", words.format("ignore"));
        t.put("footer", words.format("footer", org));
        return t;
    }
}
