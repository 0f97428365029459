package dev.threshold.mfa.org.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** identity-service's org events on the real broker keep each org's MFA policy. */
@QuarkusTest
class OrgEventsConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void followsTheMfaPolicyButNeverGoesBackToAnOlderState() throws Exception {
        UUID orgId = UUID.randomUUID();
        Instant created = Instant.now().minusSeconds(60);
        String event = event("org.created", orgId, "us-east-1", "{\"mfaRequired\":false,\"ssoOnly\":false}", created);
        BrokerTap.publish("org.created", event);
        BrokerTap.publish("org.created", event);
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from mfa.org where id = ?", orgId) == 1);
        assertThat(org(orgId)).containsEntry("mfa_required", false).containsEntry("mfa_remember_days", 0);

        String updated = event("org.updated", orgId, "us-east-1",
                "{\"mfaRequired\":true,\"mfaRememberDays\":365,\"newSetting\":{\"x\":1}}", created.plusSeconds(30));
        // overtaken by the one above
        String stale = event("org.updated", orgId, "us-east-1", "{\"mfaRequired\":false}", created.plusSeconds(10));
        BrokerTap.publish("org.updated", updated);
        BrokerTap.publish("org.updated", stale);
        Awaitility.await().atMost(WAIT).until(() -> Boolean.TRUE.equals(org(orgId).get("mfa_required")));
        // deliveries are applied one after another in order: once a marker published after the
        // stale update is applied, the stale one has been handled too
        UUID marker = UUID.randomUUID();
        BrokerTap.publish("org.created", event("org.created", marker, "us-east-1", "{\"mfaRequired\":false}", Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from mfa.org where id = ?", marker) == 1);
        assertThat(org(orgId)).containsEntry("mfa_required", true).containsEntry("mfa_remember_days", 90);
        // each of the three events handled exactly once: the redelivered org.created has no second row
        assertThat(TestData.count("select count(*) from mfa.inbox where consumer = 'mfa.org-events' and event_id in (?, ?, ?)",
                id(event), id(updated), id(stale))).isEqualTo(3);
    }

    @Test
    void ignoresOrgsOfAnotherRegion() throws Exception {
        UUID elsewhere = UUID.randomUUID();
        UUID here = UUID.randomUUID();
        BrokerTap.publish("org.created", event("org.created", elsewhere, "eu-central-1", "{\"mfaRequired\":true}",
                Instant.now()));
        BrokerTap.publish("org.created", event("org.created", here, "us-east-1", "{\"mfaRequired\":true}", Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> TestData.count("select count(*) from mfa.org where id = ?", here) == 1);
        assertThat(TestData.count("select count(*) from mfa.org where id = ?", elsewhere)).isZero();
    }

    private static String id(String event) throws Exception {
        return MAPPER.readTree(event).path("id").asText();
    }

    private static Map<String, Object> org(UUID id) {
        return TestData.query("select * from mfa.org where id = ?", id).get(0);
    }

    private static String event(String name, UUID orgId, String region, String settings, Instant time) throws Exception {
        ObjectNode envelope = MAPPER.createObjectNode()
                .put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/" + region + "/identity-service").put("type", "threshold." + name + ".v1")
                .put("subject", orgId.toString()).put("time", time.toString()).put("datacontenttype", "application/json")
                .put("orgid", orgId.toString()).put("region", region);
        ObjectNode data = envelope.putObject("data").put("orgId", orgId.toString()).put("name", "org-" + orgId)
                .put("region", region);
        data.set("settings", MAPPER.readTree(settings));
        if ("org.created".equals(name)) {
            data.putObject("admin").put("email", "a@b.test").put("name", "A").put("locale", "en");
        }
        return MAPPER.writeValueAsString(envelope);
    }
}
