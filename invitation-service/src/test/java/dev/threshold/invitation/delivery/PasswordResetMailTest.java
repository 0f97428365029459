package dev.threshold.invitation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.internal.InternalSeal;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.Mails;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * identity-service's {@code user.password_reset_requested}, published on the real broker: the person
 * gets the forgotten-password email in their language, once, with the link that carries the token
 * identity-service sealed for the mailer; the queued row never holds the token in the clear and is
 * emptied once sent; a link that expired while it waited is not sent; a token sealed under another
 * key is never sent.
 */
@QuarkusTest
class PasswordResetMailTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    private static final Pattern LINK = Pattern.compile("http://localhost:8080/reset-password\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+)");

    @Test
    void sendsTheLinkOnceInThePersonsLanguage() throws Exception {
        UUID orgId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        String org = "rst-" + orgId.toString().substring(0, 8);
        String email = "Greta@" + org + ".test";
        String token = "tok-" + UUID.randomUUID().toString().replace("-", "");
        String event = event(orgId, userId, org, email, "Greta Graf", "de", Instant.now().plus(Duration.ofMinutes(60)),
                InternalSeal.forPurpose(INTERNAL_TOKEN, "password-reset-mail").seal(token, userId.toString()));
        BrokerTap.publish("user.password_reset_requested", event);
        BrokerTap.publish("user.password_reset_requested", event); // redelivered: sent once

        String recipient = email.toLowerCase();
        MimeMessage mail = MailServer.awaitMessageTo(recipient, WAIT);
        assertThat(Mails.subject(mail)).isEqualTo("Threshold-Passwort für " + org + " zurücksetzen");
        String text = Mails.text(mail);
        assertThat(text).contains("Hallo Greta Graf,", recipient, org, "Bestätigung in zwei Schritten",
                "ignorieren Sie diese E-Mail");
        assertThat(text).containsPattern("läuft in (59|60) Minuten ab");
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        assertThat(link.group(1)).isEqualTo(token);
        assertThat(link.group(2)).isEqualTo("us-east-1");
        assertThat(Mails.html(mail)).contains("Neues Passwort wählen", "lang=\"de\"",
                "reset-password?token=" + token + "&amp;region=us-east-1");

        Awaitility.await().atMost(WAIT).until(() -> TestData.count(
                "select count(*) from invitation.notification_mail where org_id = ? and status = 'SENT' and data = '{}'",
                orgId) == 1);
        assertThat(MailServer.messagesTo(recipient)).hasSize(1);
        assertThat(TestData.count("select count(*) from invitation.notification_mail where data like ?", "%" + token + "%"))
                .isZero();
    }

    @Test
    void writesEveryLanguageOfTheWebAppAndFallsBackToEnglish() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "rst-" + orgId.toString().substring(0, 8);
        for (String locale : new String[] {"ja", "it", "nl", "xx"}) {
            UUID userId = UUID.randomUUID();
            String email = locale + "@" + org + ".test";
            BrokerTap.publish("user.password_reset_requested", event(orgId, userId, org, email, null, locale,
                    Instant.now().plus(Duration.ofMinutes(60)),
                    InternalSeal.forPurpose(INTERNAL_TOKEN, "password-reset-mail").seal("t-" + userId, userId.toString())));
        }
        assertThat(Mails.text(MailServer.awaitMessageTo("ja@" + org + ".test", WAIT))).contains("お客様各位", "新しいパスワードを設定");
        assertThat(Mails.subject(MailServer.awaitMessageTo("it@" + org + ".test", WAIT))).startsWith("Reimposta");
        assertThat(Mails.html(MailServer.awaitMessageTo("nl@" + org + ".test", WAIT))).contains("Kies een nieuw wachtwoord");
        MimeMessage english = MailServer.awaitMessageTo("xx@" + org + ".test", WAIT);
        assertThat(Mails.subject(english)).isEqualTo("Reset your Threshold password for " + org);
        assertThat(Mails.text(english)).contains("Hello,", "open the link below");
    }

    @Test
    void neitherAnExpiredLinkNorAForeignSealIsSent() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "rst-" + orgId.toString().substring(0, 8);
        UUID late = UUID.randomUUID();
        BrokerTap.publish("user.password_reset_requested", event(orgId, late, org, "late@" + org + ".test", "Late", "en",
                Instant.now().minus(Duration.ofMinutes(1)),
                InternalSeal.forPurpose(INTERNAL_TOKEN, "password-reset-mail").seal("late-token", late.toString())));
        UUID forged = UUID.randomUUID();
        BrokerTap.publish("user.password_reset_requested", event(orgId, forged, org, "forged@" + org + ".test", "F", "en",
                Instant.now().plus(Duration.ofMinutes(60)),
                InternalSeal.forPurpose("someone-elses-secret-0123456789", "password-reset-mail").seal("x", forged.toString())));
        // given up at once, emptied
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from invitation.notification_mail"
                + " where recipient = ? and status = 'FAILED' and next_attempt_at is null and data = '{}'"
                + " and last_error like '%expired%'", "late@" + org + ".test") == 1);
        // retried later like any failing email, but its reason holds no secret
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from invitation.notification_mail"
                + " where recipient = ? and status = 'FAILED' and attempts >= 1", "forged@" + org + ".test") == 1);
        assertThat(TestData.query("select last_error from invitation.notification_mail where recipient = ?",
                "forged@" + org + ".test").get(0).get("last_error").toString()).doesNotContain("x\"").isNotBlank();
        assertThat(MailServer.messagesTo("late@" + org + ".test")).isEmpty();
        assertThat(MailServer.messagesTo("forged@" + org + ".test")).isEmpty();
    }

    private static String event(UUID orgId, UUID userId, String orgName, String email, String name, String locale,
            Instant expiresAt, String sealedToken) throws Exception {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/identity-service")
                .put("type", "threshold.user.password_reset_requested.v1")
                .put("subject", userId.toString()).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("orgid", orgId.toString()).put("region", "us-east-1");
        ObjectNode data = event.putObject("data");
        data.put("userId", userId.toString()).put("orgId", orgId.toString()).put("orgName", orgName).put("email", email)
                .put("name", name).put("locale", locale).put("region", "us-east-1").put("expiresAt", expiresAt.toString())
                .put("sealedToken", sealedToken);
        return MAPPER.writeValueAsString(event);
    }
}
