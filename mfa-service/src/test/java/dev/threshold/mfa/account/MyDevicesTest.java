package dev.threshold.mfa.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** My Account: list, rename and delete one's own devices. */
@QuarkusTest
class MyDevicesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void listsOnlyTheCallersValidatedDevices() {
        User user = User.in(TestData.org(true));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200).body("$", hasSize(0));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.enroll(user.accessToken(), "Pending", phone.recoveryCodes().get(9)).statusCode(201);
        Api.enrolled(User.in(user.orgId()), "Someone else's");
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(phone.deviceId())).body("[0].name", equalTo("Phone"))
                .body("[0].default", equalTo(true));
    }

    @Test
    void renamesADevice() {
        User user = User.in(TestData.org(true));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.enrolled(user, "Tablet", phone.recoveryCodes().get(9));
        Api.as(user.accessToken()).body(Map.of("name", " Work phone ")).patch("/api/v2/mfa/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("name", equalTo("Work phone")).body("id", equalTo(phone.deviceId()));
        Api.as(user.accessToken()).body(Map.of("name", "TABLET")).patch("/api/v2/mfa/devices/{id}", phone.deviceId())
                .then().statusCode(409).body("code", equalTo("device_name_taken"));
        // renaming to its own name in another case is fine
        Api.as(user.accessToken()).body(Map.of("name", "WORK PHONE")).patch("/api/v2/mfa/devices/{id}", phone.deviceId())
                .then().statusCode(200);
        // someone else's device is unknown
        Api.as(User.in(user.orgId()).accessToken()).body(Map.of("name", "Mine")).patch("/api/v2/mfa/devices/{id}",
                phone.deviceId()).then().statusCode(404).body("code", equalTo("device_not_found"));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("name", equalTo(List.of("WORK PHONE", "Tablet")));
    }

    @Test
    void deletesADeviceAndPromotesAnotherToDefault() throws Exception {
        User user = User.in(TestData.org(true));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.Enrolled tablet = Api.enrolled(user, "Tablet", phone.recoveryCodes().get(9));
        User other = User.in(user.orgId());
        Api.Enrolled othersPhone = Api.enrolled(other, "Phone");
        try (BrokerTap tap = BrokerTap.listen("mfa.device_removed")) {
            // someone else's device is unknown, even with a step-up of their own
            Api.deleteDevice(other.accessToken(), phone.deviceId(), othersPhone.recoveryCodes().get(0)).statusCode(404)
                    .body("code", equalTo("device_not_found"));
            Api.deleteDevice(user.accessToken(), phone.deviceId(), phone.recoveryCodes().get(0)).statusCode(204);
            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), WAIT);
            assertThat(event.path("type").asText()).isEqualTo("threshold.mfa.device_removed.v1");
            assertThat(event.path("data").path("deviceId").asText()).isEqualTo(phone.deviceId());
            assertThat(event.path("data").path("deviceName").asText()).isEqualTo("Phone");
            assertThat(event.path("data").path("orgId").asText()).isEqualTo(user.orgId().toString());
            assertThat(event.path("data").path("devices").asInt()).isEqualTo(1);
        }
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("id", equalTo(List.of(tablet.deviceId())))
                .body("default", equalTo(List.of(true)));
        Api.deleteDevice(user.accessToken(), phone.deviceId(), phone.recoveryCodes().get(1)).statusCode(404)
                .body("code", equalTo("device_not_found"));
        // its codes no longer open a login
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), Otp.code(phone.secret(), 1)).statusCode(400)
                .body("code", equalTo("invalid_code"));
    }

    @Test
    void needsAStepUpCodeToDeleteTheLastDevice() throws Exception {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        String token = user.accessToken();
        Api.deleteDevice(token, phone.deviceId(), null).statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("step_up_required"));
        Api.deleteDevice(token, phone.deviceId(), Otp.code(phone.secret(), 7)).statusCode(403)
                .body("code", equalTo("step_up_required"));
        // the code used to validate is spent
        Api.deleteDevice(token, phone.deviceId(), Otp.now(phone.secret())).statusCode(403)
                .body("code", equalTo("step_up_required"));
        try (BrokerTap tap = BrokerTap.listen("mfa.device_removed")) {
            Api.deleteDevice(token, phone.deviceId(), Otp.code(phone.secret(), 1)).statusCode(204);
            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), WAIT);
            assertThat(event.path("data").path("devices").asInt()).isZero();
        }
        // no device: the recovery codes went with it, and the login challenge says so
        assertThat(TestData.count("select count(*) from mfa.recovery_code where user_id = ?", user.id())).isZero();
        Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), phone.recoveryCodes().get(0)).statusCode(409)
                .body("code", equalTo("mfa_not_enrolled"));
    }

    @Test
    void needsAStepUpCodeEvenWhenTheOrgDoesNotRequireMfa() {
        User user = User.in(TestData.org(false));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.deleteDevice(user.accessToken(), phone.deviceId(), null).statusCode(403)
                .body("code", equalTo("step_up_required"));
        Api.deleteDevice(user.accessToken(), phone.deviceId(), phone.recoveryCodes().get(0)).statusCode(204);
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("$", hasSize(0));
    }

    @Test
    void refusesApiClientsInMyAccount() {
        UUID org = TestData.org(false);
        User client = new User("client:" + UUID.randomUUID(), org, null, List.of("admin"));
        Api.as(client.accessToken()).get("/api/v2/mfa/devices").then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        Api.enroll(client.accessToken(), "Robot").statusCode(403).body("code", equalTo("token_not_accepted"));
    }
}
