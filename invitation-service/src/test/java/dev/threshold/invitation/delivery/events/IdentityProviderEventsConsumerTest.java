package dev.threshold.invitation.delivery.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * identity-service's {@code org.identity_provider_changed}, published on the real broker: every
 * other admin named in the event gets a notification in their language, once, through the mail
 * outbox (delivery state recorded); the actor is not in the list and gets nothing.
 */
@QuarkusTest
class IdentityProviderEventsConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void mailsEveryOtherAdminInTheirLanguageOnceWithoutTheSecret() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "idp-" + orgId.toString().substring(0, 8);
        String bob = "bob@" + org + ".test";
        String berta = "berta@" + org + ".test";
        String noName = "ops@" + org + ".test";
        String event = event(orgId, org, "created", new String[][] {{bob, "Bob Admin", "en"}, {berta, "Berta Admin", "de"},
                {noName, null, "ja"}});

        BrokerTap.publish("org.identity_provider_changed", event);
        // redelivered: queued and sent once
        BrokerTap.publish("org.identity_provider_changed", event);

        MimeMessage english = MailServer.awaitMessageTo(bob, WAIT);
        assertThat(Mails.subject(english)).isEqualTo("Identity provider \"Shadow IdP\" added to " + org);
        assertThat(Mails.text(english)).contains("Hello Bob Admin,",
                "alice@" + org + ".test added the identity provider \"Shadow IdP\" to the organization " + org,
                "https://idp.example.test/realms/x", "can sign in anyone of your organization",
                "http://localhost:8080/admin/identity-providers");
        assertThat(Mails.html(english)).contains("Review identity providers");

        MimeMessage german = MailServer.awaitMessageTo(berta, WAIT);
        assertThat(Mails.subject(german)).isEqualTo("Identitätsanbieter „Shadow IdP“ zu " + org + " hinzugefügt");
        assertThat(Mails.text(german)).contains("Hallo Berta Admin,", "jede Person Ihrer Organisation anmelden");

        MimeMessage japanese = MailServer.awaitMessageTo(noName, WAIT);
        assertThat(Mails.text(japanese)).contains("管理者各位", "ID プロバイダー「Shadow IdP」");

        Awaitility.await().atMost(WAIT).until(() -> TestData.count(
                "select count(*) from invitation.notification_mail where org_id = ? and status = 'SENT'", orgId) == 3);
        // one row per recipient (the redelivery was skipped by the inbox), each sent once
        assertThat(MailServer.messagesTo(bob)).hasSize(1);
        assertThat(MailServer.messagesTo("alice@" + org + ".test")).isEmpty();
        assertThat(TestData.count("select count(*) from invitation.notification_mail where org_id = ?", orgId)).isEqualTo(3);
        assertThat(TestData.count("select count(*) from invitation.notification_mail where org_id = ? and data like ?",
                orgId, "%secret%")).isZero();
    }

    @Test
    void anUpdateNamesTheChangedFieldsAndADeletionSaysSo() throws Exception {
        UUID orgId = UUID.randomUUID();
        String org = "idp-" + orgId.toString().substring(0, 8);
        String admin = "second@" + org + ".test";
        BrokerTap.publish("org.identity_provider_changed", event(orgId, org, "updated", new String[][] {{admin, "Sam", "fr"}}));
        MimeMessage updated = MailServer.awaitMessageTo(admin, WAIT);
        assertThat(Mails.subject(updated)).isEqualTo("Fournisseur d'identité « Shadow IdP » de " + org + " modifié");
        assertThat(Mails.text(updated)).contains("Modifié : issuer, clientSecret", "Bonjour Sam,");

        BrokerTap.publish("org.identity_provider_changed", event(orgId, org, "deleted", new String[][] {{admin, "Sam", "en"}}));
        Awaitility.await().atMost(WAIT).until(() -> MailServer.messagesTo(admin).size() == 2);
        MimeMessage deleted = MailServer.messagesTo(admin).get(1);
        assertThat(Mails.subject(deleted)).isEqualTo("Identity provider \"Shadow IdP\" removed from " + org);
        assertThat(Mails.text(deleted)).doesNotContain("Changed:");
    }

    @Test
    void anEventWithoutRecipientsSendsNothing() throws Exception {
        UUID orgId = UUID.randomUUID();
        BrokerTap.publish("org.identity_provider_changed", event(orgId, "solo", "created", new String[0][]));
        UUID marker = UUID.randomUUID();
        String markerOrg = "idp-" + marker.toString().substring(0, 8);
        String markerAdmin = "marker@" + markerOrg + ".test";
        // a later event is handled: the first one was consumed (and queued nothing) before it
        BrokerTap.publish("org.identity_provider_changed", event(marker, markerOrg, "created",
                new String[][] {{markerAdmin, "M", "en"}}));
        MailServer.awaitMessageTo(markerAdmin, WAIT);
        assertThat(TestData.count("select count(*) from invitation.notification_mail where org_id = ?", orgId)).isZero();
    }

    private static String event(UUID orgId, String orgName, String change, String[][] recipients) throws Exception {
        ObjectNode event = MAPPER.createObjectNode();
        UUID idpId = UUID.randomUUID();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/identity-service")
                .put("type", "threshold.org.identity_provider_changed.v1")
                .put("subject", idpId.toString()).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("orgid", orgId.toString()).put("region", "us-east-1");
        ObjectNode data = event.putObject("data");
        data.put("orgId", orgId.toString()).put("orgName", orgName).put("idpId", idpId.toString()).put("change", change)
                .put("actorUserId", UUID.randomUUID().toString()).put("actorEmail", "alice@" + orgName + ".test")
                .putNull("actorName").put("displayName", "Shadow IdP").put("type", "oidc")
                .put("issuer", "https://idp.example.test/realms/x").put("time", Instant.now().toString());
        ArrayNode fields = data.putArray("fields");
        if ("updated".equals(change)) {
            fields.add("issuer").add("clientSecret");
        }
        ArrayNode list = data.putArray("recipients");
        for (String[] recipient : recipients) {
            ObjectNode r = list.addObject();
            r.put("userId", UUID.randomUUID().toString()).put("email", recipient[0]).put("name", recipient[1])
                    .put("locale", recipient[2]);
        }
        return MAPPER.writeValueAsString(event);
    }
}
