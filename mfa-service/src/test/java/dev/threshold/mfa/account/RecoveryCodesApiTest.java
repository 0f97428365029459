package dev.threshold.mfa.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** My Account's recovery codes: how many are left, and a new set that replaces the old one. */
@QuarkusTest
class RecoveryCodesApiTest {

    private static final String FORMAT = "[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}";

    @Test
    void countsTheUnusedCodes() {
        User user = User.in(TestData.org(true));
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(0)).body("createdAt", nullValue());
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        String createdAt = Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(10))
                .body("createdAt", notNullValue()).extract().path("createdAt");
        assertThat(Instant.parse(createdAt)).isBefore(Instant.now().plusSeconds(5));
        Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), phone.recoveryCodes().get(0)).statusCode(200);
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(9))
                .body("createdAt", equalTo(createdAt));
        // someone else's codes are not counted
        Api.recoveryCodes(User.in(user.orgId()).accessToken()).statusCode(200).body("remaining", equalTo(0));
    }

    @Test
    void storesOnlyTheLookupAndAnArgon2idHash() {
        User user = User.in(TestData.org(true));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        assertThat(phone.recoveryCodes()).hasSize(10).allMatch(code -> code.matches(FORMAT));
        List<Map<String, Object>> rows = TestData.query(
                "select lookup, code_hash from mfa.recovery_code where user_id = ?", user.id());
        assertThat(rows).hasSize(10);
        assertThat(rows.stream().map(row -> row.get("lookup")).toList())
                .containsExactlyInAnyOrderElementsOf(phone.recoveryCodes().stream().map(code -> code.substring(0, 4)).toList());
        for (Map<String, Object> row : rows) {
            String hash = (String) row.get("code_hash");
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            for (String code : phone.recoveryCodes()) {
                assertThat(hash).doesNotContain(code.replace("-", "").substring(4));
            }
        }
    }

    @Test
    void aNewSetReplacesTheOldOne() throws Exception {
        User user = User.in(TestData.org(true));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        List<String> old = phone.recoveryCodes();
        List<String> fresh;
        try (BrokerTap tap = BrokerTap.listen("mfa.recovery_codes_regenerated")) {
            fresh = Api.regenerateRecoveryCodes(user.accessToken(), old.get(0)).statusCode(200)
                    .header("Cache-Control", "no-store").body("recoveryCodes", hasSize(10))
                    .extract().jsonPath().getList("recoveryCodes", String.class);
            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.mfa.recovery_codes_regenerated.v1");
            assertThat(event.path("subject").asText()).isEqualTo(user.id());
            assertThat(event.path("data").path("orgId").asText()).isEqualTo(user.orgId().toString());
            assertThat(event.path("data").path("codes").asInt()).isEqualTo(10);
            assertThat(event.toString()).doesNotContain(fresh.get(0));
        }
        assertThat(fresh).allMatch(code -> code.matches(FORMAT));
        assertThat(new HashSet<>(fresh)).hasSize(10).doesNotContainAnyElementsOf(old);
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(10));
        assertThat(TestData.count("select count(*) from mfa.recovery_code where user_id = ?", user.id())).isEqualTo(10);
        // the old set stops working, for a login and for a step-up
        String token = user.challengeToken(UUID.randomUUID());
        Api.challengeRecovery(token, old.get(1)).statusCode(400).body("code", equalTo("invalid_code"));
        Api.regenerateRecoveryCodes(user.accessToken(), old.get(2)).statusCode(403).body("code", equalTo("step_up_required"));
        // the new one works
        Api.challengeRecovery(token, fresh.get(0)).statusCode(200);
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(9));
    }

    @Test
    void aUserWithoutADeviceHasNoCodesToRenew() {
        User user = User.in(TestData.org(false));
        Api.regenerateRecoveryCodes(user.accessToken(), "123456").statusCode(409).body("code", equalTo("mfa_not_enrolled"));
    }

    @Test
    void takesOnlyAUsersAccessToken() {
        UUID org = TestData.org(true);
        User user = User.in(org);
        for (String token : List.of(user.enrollToken(UUID.randomUUID()), user.challengeToken(UUID.randomUUID()),
                new User("client:" + UUID.randomUUID(), org, null, List.of("admin")).accessToken())) {
            Api.recoveryCodes(token).statusCode(403).body("code", equalTo("token_not_accepted"));
            Api.regenerateRecoveryCodes(token, "123456").statusCode(403).body("code", equalTo("token_not_accepted"));
        }
    }
}
