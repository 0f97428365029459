package dev.threshold.identity.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * ASVS 2.2.3 for MFA: every change mfa-service reports of a person's MFA ({@code mfa.enrolled},
 * {@code mfa.device_removed}, {@code mfa.reset}, {@code mfa.recovery_codes_regenerated}) is told to
 * that person as {@code user.security_changed}, from the inbox transaction of the MFA event, so a
 * redelivered event tells them once; a person who is not ACTIVE is told nothing.
 */
@QuarkusTest
class SecurityNoticesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anEnrolledDeviceIsToldOnceEvenWhenTheEventIsDeliveredTwice() throws Exception {
        Accounts.Org org = Accounts.newOrg("notice-mfa");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String userId = person.userId().toString();
        String enrolled = mfaEvent("mfa.enrolled", org.id(), person.userId(),
                Map.of("deviceId", UUID.randomUUID().toString(), "deviceName", "  Ina's <b>phone</b>  ", "devices", 1));
        try (BrokerTap tap = BrokerTap.listen("user.security_changed")) {
            BrokerTap.publish("mfa.enrolled", enrolled);
            // redelivered (same event id): the inbox applies it once, so the person is told once
            BrokerTap.publish("mfa.enrolled", enrolled);
            // a later event of the same queue: once its notice is out, both deliveries were handled
            BrokerTap.publish("mfa.recovery_codes_regenerated", mfaEvent("mfa.recovery_codes_regenerated", org.id(),
                    person.userId(), Map.of("codes", 10)));

            JsonNode added = tap.await(notice(userId, "mfa_device_added"), WAIT);
            tap.await(notice(userId, "recovery_codes_regenerated"), WAIT);
            Thread.sleep(1000);
            assertThat(tap.count(notice(userId, "mfa_device_added"))).isEqualTo(1);
            assertThat(Accounts.query("select count(*) from outbox where type = 'user.security_changed'"
                    + " and aggregate_id = ? and payload like ?", userId, "%mfa_device_added%")).isEqualTo("1");

            assertThat(added.path("type").asText()).isEqualTo("threshold.user.security_changed.v1");
            JsonNode data = added.path("data");
            assertThat(data.path("orgName").asText()).isEqualTo(org.name());
            assertThat(data.path("deviceName").asText()).isEqualTo("Ina's <b>phone</b>");
            assertThat(data.path("time").asText()).isNotBlank();
            assertThat(data.path("recipient").path("email").asText()).isEqualTo(person.email());
            assertThat(data.path("recipient").path("locale").asText()).isEqualTo("fr");
            assertThat(added.toString()).doesNotContain(person.password(), person.accessToken());
        }
    }

    @Test
    void aRemovedDeviceAnAdminResetAndNewRecoveryCodesAreToldToo() throws Exception {
        Accounts.Org org = Accounts.newOrg("notice-mfa-more");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String userId = person.userId().toString();
        try (BrokerTap tap = BrokerTap.listen("user.security_changed")) {
            BrokerTap.publish("mfa.device_removed", mfaEvent("mfa.device_removed", org.id(), person.userId(),
                    Map.of("deviceId", UUID.randomUUID().toString(), "deviceName", "Old phone", "devices", 0)));
            BrokerTap.publish("mfa.reset", mfaEvent("mfa.reset", org.id(), person.userId(),
                    Map.of("resetBy", UUID.randomUUID().toString())));
            JsonNode removed = tap.await(notice(userId, "mfa_device_removed"), WAIT);
            JsonNode reset = tap.await(notice(userId, "mfa_reset"), WAIT);
            assertThat(removed.path("data").path("recipient").path("email").asText()).isEqualTo(person.email());
            assertThat(removed.path("data").path("deviceName").asText()).isEqualTo("Old phone");
            assertThat(reset.path("data").path("recipient").path("email").asText()).isEqualTo(person.email());
        }
    }

    @Test
    void someoneWhoIsNotActiveIsToldNothing() throws Exception {
        Accounts.Org org = Accounts.newOrg("notice-invited");
        UUID invited = Accounts.invited(org, "invited-" + UUID.randomUUID() + "@example.test");
        Accounts.Person marker = Accounts.person(org, List.of("user"));
        try (BrokerTap tap = BrokerTap.listen("user.security_changed")) {
            BrokerTap.publish("mfa.reset", mfaEvent("mfa.reset", org.id(), invited, Map.of("resetBy", "admin")));
            BrokerTap.publish("mfa.reset", mfaEvent("mfa.reset", org.id(), marker.userId(), Map.of("resetBy", "admin")));
            tap.await(notice(marker.userId().toString(), "mfa_reset"), WAIT);
            assertThat(tap.count(e -> e.path("data").path("userId").asText().equals(invited.toString()))).isZero();
            assertThat(Accounts.query("select count(*) from outbox where type = 'user.security_changed' and aggregate_id = ?",
                    invited.toString())).isEqualTo("0");
        }
    }

    private static Predicate<JsonNode> notice(String userId, String change) {
        return e -> e.path("data").path("userId").asText().equals(userId)
                && e.path("data").path("change").asText().equals(change);
    }

    private static String mfaEvent(String name, UUID orgId, UUID userId, Map<String, Object> more) throws Exception {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/mfa-service").put("type", "threshold." + name + ".v1")
                .put("subject", userId.toString()).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("orgid", orgId.toString()).put("region", "us-east-1");
        ObjectNode data = event.putObject("data");
        data.put("userId", userId.toString()).put("orgId", orgId.toString());
        more.forEach((key, value) -> data.set(key, MAPPER.valueToTree(value)));
        return MAPPER.writeValueAsString(event);
    }
}
