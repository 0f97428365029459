package dev.threshold.mfa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An admin resets the MFA of a user of their org who lost the device. */
@QuarkusTest
class MfaResetTest {

    @Test
    void removesEverythingMfaOfTheUserAndTellsIdentityService() throws Exception {
        UUID org = TestData.org(true);
        User user = User.in(org);
        User admin = User.adminOf(org);
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.enrolled(user, "Tablet", phone.recoveryCodes().get(9));
        Api.enroll(user.accessToken(), "Pending", phone.recoveryCodes().get(8)).statusCode(201);
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), "000000");
        try (BrokerTap tap = BrokerTap.listen("mfa.reset")) {
            Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(204);
            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.mfa.reset.v1");
            assertThat(event.path("subject").asText()).isEqualTo(user.id());
            assertThat(event.path("data").path("orgId").asText()).isEqualTo(org.toString());
            assertThat(event.path("data").path("resetBy").asText()).isEqualTo(admin.id());
        }
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ?", user.id())).isZero();
        assertThat(TestData.count("select count(*) from mfa.recovery_code where user_id = ?", user.id())).isZero();
        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isZero();
        assertThat(TestData.count("select count(*) from mfa.used_step s join mfa.device d on d.id = s.device_id"
                + " where d.user_id = ?", user.id())).isZero();
        Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), phone.recoveryCodes().get(0)).statusCode(409)
                .body("code", equalTo("mfa_not_enrolled"));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("$", hasSize(0));
        // the user enrolls again during their next login
        UUID flow = UUID.randomUUID();
        var created = Api.enroll(user.enrollToken(flow), "New phone").statusCode(201).extract().jsonPath();
        Api.validate(user.enrollToken(flow), created.getString("id"), Otp.now(created.getString("secret"))).statusCode(200);
        // nothing left to reset a second time after another reset
        Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(204);
        Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(404)
                .body("code", equalTo("user_not_found"));
    }

    @Test
    void neverReachesUsersOfAnotherOrg() {
        User user = User.in(TestData.org(true));
        Api.enrolled(user, "Phone");
        User otherAdmin = User.adminOf(TestData.org(true));
        Api.as(otherAdmin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("user_not_found"));
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ?", user.id())).isOne();
        // nor does another org's user see this org's devices
        Api.as(User.in(otherAdmin.orgId()).accessToken()).get("/api/v2/mfa/devices").then().body("$", hasSize(0));
    }

    @Test
    void answersNotFoundForUnknownUsersAndMalformedIds() {
        User admin = User.adminOf(TestData.org(true));
        Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("user_not_found"));
        Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", "not-a-uuid").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void isForAdminsOnly() {
        User user = User.in(TestData.org(true));
        Api.enrolled(user, "Phone");
        Api.as(User.in(user.orgId()).accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then()
                .statusCode(403).body("code", equalTo("forbidden"));
        // an API client with role admin may reset
        User client = new User("client:" + UUID.randomUUID(), user.orgId(), null, java.util.List.of("admin"));
        Api.as(client.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(204);
    }
}
