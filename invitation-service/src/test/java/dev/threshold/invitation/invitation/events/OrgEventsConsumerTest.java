package dev.threshold.invitation.invitation.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.Api;
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

/** identity-service's events, published on the real broker as identity-service's outbox relay would. */
@QuarkusTest
class OrgEventsConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void invitesTheFirstAdminWhenAnOrgIsCreated() throws Exception {
        UUID orgId = UUID.randomUUID();
        String name = "acme-" + orgId.toString().substring(0, 8);
        String adminEmail = "founder@" + name + ".test";
        String event = orgEvent("org.created", orgId, name, TestData.DEFAULT_SETTINGS, Instant.now(),
                "{\"email\":\"" + adminEmail + "\",\"name\":\"Frieda Founder\",\"locale\":\"de\"}");

        try (BrokerTap tap = BrokerTap.listen("invitation.created")) {
            BrokerTap.publish("org.created", event);
            // redelivered: applied once
            BrokerTap.publish("org.created", event);

            MimeMessage mail = MailServer.awaitMessageTo(adminEmail, WAIT);
            assertThat(Mails.subject(mail)).isEqualTo("Ihr Administrator hat Sie zu " + name + " auf Threshold eingeladen");
            assertThat(Mails.text(mail)).contains("Hallo Frieda Founder,", "Junk- oder Spam-Ordner");

            JsonNode created = tap.await(e -> orgId.toString().equals(e.path("orgid").asText()), WAIT);
            assertThat(created.path("type").asText()).isEqualTo("threshold.invitation.created.v1");
            assertThat(created.path("source").asText()).isEqualTo("/threshold/us-east-1/invitation-service");
            JsonNode data = created.path("data");
            assertThat(data.path("orgId").asText()).isEqualTo(orgId.toString());
            assertThat(data.path("email").asText()).isEqualTo(adminEmail);
            assertThat(data.path("name").asText()).isEqualTo("Frieda Founder");
            assertThat(data.path("roles").toString()).isEqualTo("[\"admin\"]");
            assertThat(data.path("locale").asText()).isEqualTo("de");
            assertThat(Instant.parse(data.path("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofDays(6)));
            assertThat(data.has("token")).isFalse();

            Api.lookup(Mails.token(mail)).statusCode(200).body("orgName", equalTo(name)).body("email", equalTo(adminEmail));
        }
        // the redelivery has been handled once an event published after it has been applied
        awaitMarkerApplied();
        Awaitility.await().atMost(WAIT).until(() -> TestData.count(
                "select count(*) from invitation.invitation_send where org_id = ? and status = 'SENT'", orgId) == 1);
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", orgId)).isEqualTo(1);
        assertThat(TestData.query("select roles from invitation.invitation where org_id = ?", orgId).get(0).get("roles"))
                .isEqualTo("admin");
        assertThat(MailServer.messagesTo(adminEmail)).hasSize(1);
        // the new org's admin can now manage its invitations
        String token = dev.threshold.common.testing.TestTokens.admin(orgId.toString());
        given().auth().oauth2(token).get("/api/v2/invitations").then().statusCode(200)
                .body("entities.email", contains(adminEmail)).body("entities[0].roles", contains("admin"));
    }

    @Test
    void followsOrgUpdatesButNeverGoesBackToAnOlderState() throws Exception {
        UUID orgId = UUID.randomUUID();
        String name = "upd-" + orgId.toString().substring(0, 8);
        Instant created = Instant.now().minusSeconds(60);
        BrokerTap.publish("org.created", orgEvent("org.created", orgId, name, TestData.DEFAULT_SETTINGS, created, null));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from invitation.org where id = ?", orgId) == 1);

        String renamed = name + "-new";
        String settings = TestData.DEFAULT_SETTINGS.replace("\"invitationTtlDays\":7", "\"invitationTtlDays\":3")
                .replace("\"ssoOnly\":false", "\"ssoOnly\":true");
        BrokerTap.publish("org.updated", orgEvent("org.updated", orgId, renamed, settings, created.plusSeconds(30), null));
        // an update that was overtaken by the one above
        BrokerTap.publish("org.updated", orgEvent("org.updated", orgId, name + "-stale", TestData.DEFAULT_SETTINGS,
                created.plusSeconds(10), null));
        Awaitility.await().atMost(WAIT).until(() -> renamed.equals(
                TestData.query("select name from invitation.org where id = ?", orgId).get(0).get("name")));
        // the stale update (published before it) has been handled once the marker is applied
        awaitMarkerApplied();
        assertThat(TestData.query("select name from invitation.org where id = ?", orgId).get(0).get("name")).isEqualTo(renamed);

        String token = dev.threshold.common.testing.TestTokens.admin(orgId.toString());
        String email = "after-update@" + name + ".test";
        String expiresAt = Api.create(token, email).statusCode(201).extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isBefore(Instant.now().plus(Duration.ofDays(3)).plusSeconds(5))
                .isAfter(Instant.now().plus(Duration.ofDays(3)).minusSeconds(60));
        String invitationToken = Mails.awaitToken(email);
        Api.lookup(invitationToken).statusCode(200).body("orgName", equalTo(renamed)).body("ssoOnly", equalTo(true));
    }

    @Test
    void refusesToInviteUsersThatBecameActive() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("activated");
        ObjectNode event = envelope("user.activated", org.id(), Instant.now());
        event.putObject("data").put("userId", UUID.randomUUID().toString()).put("orgId", org.id().toString())
                .put("email", email.toUpperCase());
        BrokerTap.publish("user.activated", MAPPER.writeValueAsString(event));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count(
                "select count(*) from invitation.active_user where org_id = ? and email_key = ?", org.id(), email.toLowerCase()) == 1);
        Api.create(org.adminToken(), email).statusCode(409).body("code", equalTo("user_exists"));
    }

    @Test
    void anInvitationAcceptedThroughSignInIsAcceptedHereToo() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("sso");
        String invitationId = Api.createId(org.adminToken(), email);
        try (BrokerTap tap = BrokerTap.listen("invitation.accepted")) {
            ObjectNode event = envelope("user.activated", org.id(), Instant.now());
            event.putObject("data").put("userId", UUID.randomUUID().toString()).put("orgId", org.id().toString())
                    .put("email", email).put("invitationId", invitationId).put("authMethod", "sso");
            BrokerTap.publish("user.activated", MAPPER.writeValueAsString(event));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> Api.as(org.adminToken())
                    .get("/api/v2/invitations/" + invitationId).then().statusCode(200)
                    .body("status", equalTo("ACCEPTED")));
            tap.await(e -> e.path("data").path("invitationId").asText().equals(invitationId), WAIT);
        }
    }

    @Test
    void ignoresOrgsOfAnotherRegion() throws Exception {
        UUID orgId = UUID.randomUUID();
        String marker = "marker-" + orgId.toString().substring(0, 8);
        String event = orgEvent("org.created", orgId, "elsewhere", TestData.DEFAULT_SETTINGS, Instant.now(),
                "{\"email\":\"someone@elsewhere.test\",\"name\":\"S\",\"locale\":\"en\"}")
                .replace("\"region\":\"us-east-1\"", "\"region\":\"eu-central-1\"");
        BrokerTap.publish("org.created", event);
        UUID markerId = UUID.randomUUID();
        BrokerTap.publish("org.created", orgEvent("org.created", markerId, marker, TestData.DEFAULT_SETTINGS, Instant.now(), null));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from invitation.org where id = ?", markerId) == 1);
        assertThat(TestData.count("select count(*) from invitation.org where id = ?", orgId)).isZero();
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", orgId)).isZero();
    }

    /**
     * Publishes an {@code org.created} of a new org on the same queue and waits until it is
     * applied: the consumer applies deliveries one after another in order, so everything
     * published before it has been handled by then (instead of sleeping and hoping).
     */
    private static void awaitMarkerApplied() throws Exception {
        UUID markerId = UUID.randomUUID();
        BrokerTap.publish("org.created", orgEvent("org.created", markerId, "marker-" + markerId.toString().substring(0, 8),
                TestData.DEFAULT_SETTINGS, Instant.now(), null));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from invitation.org where id = ?", markerId) == 1);
    }

    private static String orgEvent(String type, UUID orgId, String name, String settings, Instant time, String admin)
            throws Exception {
        ObjectNode event = envelope(type, orgId, time);
        ObjectNode data = event.putObject("data");
        data.put("orgId", orgId.toString()).put("name", name).put("region", "us-east-1")
                .set("settings", MAPPER.readTree(settings));
        if (admin != null) {
            data.set("admin", MAPPER.readTree(admin));
        }
        return MAPPER.writeValueAsString(event);
    }

    private static ObjectNode envelope(String type, UUID orgId, Instant time) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/identity-service").put("type", "threshold." + type + ".v1")
                .put("subject", orgId.toString()).put("time", time.toString()).put("datacontenttype", "application/json")
                .put("orgid", orgId.toString()).put("region", "us-east-1");
        return event;
    }
}
