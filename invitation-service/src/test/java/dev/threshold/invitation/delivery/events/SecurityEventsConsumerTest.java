package dev.threshold.invitation.delivery.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.Mails;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * identity-service's {@code user.security_changed} (ASVS 2.2.3), published on the real broker: the
 * person whose password or MFA changed gets one email in their language, through the mail outbox
 * (sent once however often the event is delivered), saying what changed, when, the device's name
 * (escaped in HTML), and "if this was not you" with a link to the forgotten-password page.
 */
@QuarkusTest
class SecurityEventsConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FORGOT = "http://localhost:8080/forgot-password?region=us-east-1";

    @Test
    void tellsThePersonOnceInEnglishWithTheLinkToResetThePassword() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "sec-" + orgId.toString().substring(0, 8);
        String email = "Ada@" + org + ".test";
        String event = event(orgId, org, "password_changed", null, email, "Ada Lovelace", "en");

        BrokerTap.publish("user.security_changed", event);
        // redelivered: queued and sent once
        BrokerTap.publish("user.security_changed", event);

        String recipient = email.toLowerCase();
        MimeMessage mail = MailServer.awaitMessageTo(recipient, WAIT);
        assertThat(Mails.subject(mail)).isEqualTo("Your Threshold password was changed");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        String text = Mails.text(mail);
        assertThat(text).contains("Hello Ada Lovelace,",
                "The password of your account " + recipient + " in the organization " + org + " on Threshold was changed",
                "(UTC)", "If this was not you: reset your password now and tell your administrator", FORGOT);
        assertThat(text).doesNotContain("Device:");
        assertThat(Mails.html(mail)).contains("lang=\"en\"", "Reset my password", "href=\"" + FORGOT + "\"");

        Awaitility.await().atMost(WAIT).until(() -> TestData.count(
                "select count(*) from invitation.notification_mail where org_id = ? and status = 'SENT'", orgId) == 1);
        assertThat(TestData.count("select count(*) from invitation.notification_mail where org_id = ?", orgId)).isEqualTo(1);
        assertThat(MailServer.messagesTo(recipient)).hasSize(1);
    }

    @Test
    void aNewDeviceIsToldInThePersonsLanguageWithItsNameEscaped() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "sec-" + orgId.toString().substring(0, 8);
        String email = "greta@" + org + ".test";
        String device = "<img src=x onerror=alert(1)>Pixel";
        BrokerTap.publish("user.security_changed", event(orgId, org, "mfa_device_added", device, email, "<b>Greta</b>", "de"));

        MimeMessage mail = MailServer.awaitMessageTo(email, WAIT);
        assertThat(Mails.subject(mail)).isEqualTo("Ihrem Konto wurde ein neues Anmeldegerät hinzugefügt");
        assertThat(Mails.text(mail)).contains("Hallo <b>Greta</b>,", "Gerät: " + device,
                "Wenn Sie das nicht waren: Setzen Sie jetzt Ihr Passwort zurück und informieren Sie Ihren Administrator",
                FORGOT);
        String html = Mails.html(mail);
        assertThat(html).contains("lang=\"de\"", "Hallo &lt;b&gt;Greta&lt;/b&gt;,", "&lt;img src=x onerror=alert(1)&gt;Pixel",
                "Passwort zurücksetzen", "href=\"" + FORGOT + "\"");
        assertThat(html).doesNotContain("<img", "<b>Greta");
    }

    @Test
    void everyChangeHasItsWordsAndAnUnknownLanguageFallsBackToEnglish() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "sec-" + orgId.toString().substring(0, 8);
        BrokerTap.publish("user.security_changed", event(orgId, org, "mfa_reset", null, "ja@" + org + ".test", null, "ja"));
        BrokerTap.publish("user.security_changed", event(orgId, org, "recovery_codes_regenerated", null,
                "fr@" + org + ".test", "Sam", "fr"));
        BrokerTap.publish("user.security_changed", event(orgId, org, "mfa_device_removed", null,
                "pt@" + org + ".test", "Rui", "pt-PT"));
        BrokerTap.publish("user.security_changed", event(orgId, org, "password_reset", null, "xx@" + org + ".test", null, "xx"));

        MimeMessage japanese = MailServer.awaitMessageTo("ja@" + org + ".test", WAIT);
        assertThat(Mails.subject(japanese)).isEqualTo("2 段階認証がリセットされました");
        assertThat(Mails.text(japanese)).contains("お客様各位", "管理者が", "今すぐパスワードを再設定");
        MimeMessage french = MailServer.awaitMessageTo("fr@" + org + ".test", WAIT);
        assertThat(Mails.subject(french)).isEqualTo("De nouveaux codes de récupération ont été créés pour votre compte");
        assertThat(Mails.text(french)).contains("Bonjour Sam,", "Les anciens codes ne fonctionnent plus.");
        MimeMessage portuguese = MailServer.awaitMessageTo("pt@" + org + ".test", WAIT);
        assertThat(Mails.subject(portuguese)).isEqualTo("Um dispositivo de login foi removido da sua conta");
        MimeMessage english = MailServer.awaitMessageTo("xx@" + org + ".test", WAIT);
        assertThat(Mails.subject(english)).isEqualTo("Your Threshold password was reset");
        assertThat(Mails.text(english)).contains("Hello,", "was reset with a link sent to this address", FORGOT);
    }

    @Test
    void anEventWithoutARecipientSendsNothing() throws Exception {
        UUID orgId = UUID.randomUUID();
        BrokerTap.publish("user.security_changed", event(orgId, "solo", "password_changed", null, null, null, "en"));
        UUID marker = UUID.randomUUID();
        String markerOrg = "sec-" + marker.toString().substring(0, 8);
        String markerEmail = "marker@" + markerOrg + ".test";
        // a later event is handled: the first one was consumed (and queued nothing) before it
        BrokerTap.publish("user.security_changed", event(marker, markerOrg, "password_changed", null, markerEmail, "M", "en"));
        MailServer.awaitMessageTo(markerEmail, WAIT);
        assertThat(TestData.count("select count(*) from invitation.notification_mail where org_id = ?", orgId)).isZero();
    }

    private static String event(UUID orgId, String orgName, String change, String deviceName, String email, String name,
            String locale) throws Exception {
        UUID userId = UUID.randomUUID();
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/identity-service")
                .put("type", "threshold.user.security_changed.v1")
                .put("subject", userId.toString()).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("orgid", orgId.toString()).put("region", "us-east-1");
        ObjectNode data = event.putObject("data");
        data.put("userId", userId.toString()).put("orgId", orgId.toString()).put("orgName", orgName).put("change", change)
                .put("deviceName", deviceName).put("time", Instant.now().toString());
        if (email != null) {
            data.putObject("recipient").put("email", email).put("name", name).put("locale", locale);
        }
        return MAPPER.writeValueAsString(event);
    }
}
