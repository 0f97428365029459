package dev.threshold.mfa.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Step-up (issue 12, the MFA takeover with a stolen access token): a further device, deleting a
 * device and new recovery codes need X-MFA-Code; without it or wrong: 403 step_up_required; a
 * current TOTP code (then spent) or an unused recovery code (then used up) passes.
 */
@QuarkusTest
class StepUpTest {

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    /** The three guarded actions of a user who has the device {@code phone}; the header value or null. */
    private enum Action {
        ADD_DEVICE((user, code) -> code == null ? Api.enroll(user.accessToken(), "Attacker")
                : Api.enroll(user.accessToken(), "Attacker", code), 201),
        DELETE_DEVICE((user, code) -> Api.deleteDevice(user.accessToken(), devices(user).get(0), code), 204),
        REGENERATE_RECOVERY_CODES((user, code) -> Api.regenerateRecoveryCodes(user.accessToken(), code), 200);

        final BiFunction<User, String, ValidatableResponse> call;
        final int success;

        Action(BiFunction<User, String, ValidatableResponse> call, int success) {
            this.call = call;
            this.success = success;
        }
    }

    @Test
    void refusesEachActionWithoutACode() {
        for (Action action : Action.values()) {
            User user = User.in(TestData.org(false));
            Api.enrolled(user, "Phone");
            action.call.apply(user, null).statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("step_up_required"));
            action.call.apply(user, "  ").statusCode(403).body("code", equalTo("step_up_required"));
            assertUnchanged(user, action);
            // a missing code is not a wrong code
            assertThat(failures(user)).as(action.name()).isZero();
        }
    }

    @Test
    void refusesEachActionWithAWrongCodeAndCountsIt() {
        for (Action action : Action.values()) {
            User user = User.in(TestData.org(true));
            Otp.pinMidStep();
            Api.Enrolled phone = Api.enrolled(user, "Phone");
            action.call.apply(user, Otp.code(phone.secret(), 5)).statusCode(403).body("code", equalTo("step_up_required"));
            action.call.apply(user, "abcd-efgh-jkmn-pqrs-tvwx").statusCode(403).body("code", equalTo("step_up_required"));
            action.call.apply(user, phone.recoveryCodes().get(0).substring(0, 5) + "0000-0000-0000-0000")
                    .statusCode(403).body("code", equalTo("step_up_required"));
            action.call.apply(user, "x".repeat(500)).statusCode(403).body("code", equalTo("step_up_required"));
            assertUnchanged(user, action);
            assertThat(failures(user)).as(action.name()).isEqualTo(4);
            TestClock.INSTANCE.reset();
        }
    }

    @Test
    void allowsEachActionWithACurrentCodeAndSpendsIt() {
        for (Action action : Action.values()) {
            User user = User.in(TestData.org(true));
            Otp.pinMidStep();
            Api.Enrolled phone = Api.enrolled(user, "Phone");
            String code = Otp.code(phone.secret(), 1);
            action.call.apply(user, code).statusCode(action.success);
            // the step is spent: neither a second step-up nor a login takes it again
            boolean noDeviceLeft = action == Action.DELETE_DEVICE;
            Api.regenerateRecoveryCodes(user.accessToken(), code).statusCode(noDeviceLeft ? 409 : 403)
                    .body("code", equalTo(noDeviceLeft ? "mfa_not_enrolled" : "step_up_required"));
            Api.challengeCode(user.challengeToken(UUID.randomUUID()), code).statusCode(noDeviceLeft ? 409 : 400)
                    .body("code", equalTo(noDeviceLeft ? "mfa_not_enrolled" : "invalid_code"));
            TestClock.INSTANCE.reset();
        }
    }

    @Test
    void allowsEachActionWithAnUnusedRecoveryCodeAndUsesItUp() {
        for (Action action : Action.values()) {
            User user = User.in(TestData.org(true));
            Api.Enrolled phone = Api.enrolled(user, "Phone");
            String recovery = phone.recoveryCodes().get(4);
            action.call.apply(user, recovery.toUpperCase()).statusCode(action.success);
            if (action == Action.ADD_DEVICE) {
                Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(9));
                Api.regenerateRecoveryCodes(user.accessToken(), recovery).statusCode(403)
                        .body("code", equalTo("step_up_required"));
                Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), recovery).statusCode(400)
                        .body("code", equalTo("invalid_code"));
            }
        }
    }

    @Test
    void acceptsACodeOfAnyOfTheUsersDevicesButNotSomeoneElses() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.Enrolled tablet = Api.enrolled(user, "Tablet", Otp.code(phone.secret(), 1));
        User other = User.in(user.orgId());
        Api.Enrolled othersPhone = Api.enrolled(other, "Phone");
        Api.deleteDevice(user.accessToken(), phone.deviceId(), Otp.code(othersPhone.secret(), 1)).statusCode(403)
                .body("code", equalTo("step_up_required"));
        Api.deleteDevice(user.accessToken(), phone.deviceId(), othersPhone.recoveryCodes().get(0)).statusCode(403)
                .body("code", equalTo("step_up_required"));
        // the tablet's code deletes the phone
        Api.deleteDevice(user.accessToken(), phone.deviceId(), Otp.code(tablet.secret(), 1)).statusCode(204);
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("name", equalTo(List.of("Tablet")));
    }

    @Test
    void aFurtherDeviceKeepsTheRecoveryCodes() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        JsonPath created = Api.enroll(user.accessToken(), "Tablet", Otp.code(phone.secret(), 1)).statusCode(201)
                .extract().jsonPath();
        Api.validate(user.accessToken(), created.getString("id"), Otp.now(created.getString("secret"))).statusCode(200)
                .body("device.name", equalTo("Tablet")).body("recoveryCodes", nullValue());
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(10));
        // the first set still opens a login
        Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), phone.recoveryCodes().get(0)).statusCode(200);
    }

    @Test
    void checksTheStepUpBeforeTheBody() {
        User user = User.in(TestData.org(false));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.as(user.accessToken()).body("{}").post("/api/v2/mfa/enrollments").then().statusCode(403)
                .body("code", equalTo("step_up_required"));
        Api.as(user.accessToken()).body(Map.of("name", " ")).post("/api/v2/mfa/enrollments").then().statusCode(403)
                .body("code", equalTo("step_up_required"));
        // nor is the body parsed before it: malformed JSON, unknown fields, wrong types
        for (String body : new String[] {"{\"name\":", "{\"name\":\"a\",\"colour\":\"red\"}", "{\"name\":[1]}", "[]"}) {
            Api.as(user.accessToken()).body(body).post("/api/v2/mfa/enrollments").then().statusCode(403)
                    .body("code", equalTo("step_up_required"));
        }
        Api.as(user.accessToken()).header("X-MFA-Code", phone.recoveryCodes().get(0)).body("{\"name\":")
                .post("/api/v2/mfa/enrollments").then().statusCode(400).body("code", equalTo("malformed_json"));
        Api.as(user.accessToken()).header("X-MFA-Code", phone.recoveryCodes().get(0)).body("{\"name\":\"a\",\"colour\":1}")
                .post("/api/v2/mfa/enrollments").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/colour")).body("errors[0].code", equalTo("unknown_field"));
        Api.as(user.accessToken()).header("X-MFA-Code", phone.recoveryCodes().get(0)).body("{}")
                .post("/api/v2/mfa/enrollments").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/name"));
        // the request failed, so the code was not used up
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(10));
    }

    @Test
    void wrongStepUpCodesCountTowardTheRateLimit() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        String wrong = Otp.code(phone.secret(), 10);
        Api.deleteDevice(user.accessToken(), phone.deviceId(), wrong).statusCode(403).body("code", equalTo("step_up_required"));
        Api.enroll(user.accessToken(), "Attacker", wrong).statusCode(403).body("code", equalTo("step_up_required"));
        Api.regenerateRecoveryCodes(user.accessToken(), "abcd-efgh-jkmn-pqrs-tvwx").statusCode(403)
                .body("code", equalTo("step_up_required"));
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), wrong).statusCode(400).body("code", equalTo("invalid_code"));
        Api.deleteDevice(user.accessToken(), phone.deviceId(), wrong).statusCode(403).body("code", equalTo("step_up_required"));
        // five wrong codes: even the right code and a recovery code are refused now, everywhere
        String retryAfter = Api.deleteDevice(user.accessToken(), phone.deviceId(), Otp.code(phone.secret(), 1))
                .statusCode(429).contentType("application/problem+json").body("code", equalTo("too_many_attempts"))
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(290L, 300L);
        Api.regenerateRecoveryCodes(user.accessToken(), phone.recoveryCodes().get(0)).statusCode(429)
                .body("code", equalTo("too_many_attempts"));
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), Otp.code(phone.secret(), 1)).statusCode(429)
                .body("code", equalTo("too_many_attempts"));
        assertThat(devices(user)).hasSize(1);

        TestClock.INSTANCE.advance(Duration.ofMinutes(5).plusSeconds(1));
        Api.deleteDevice(user.accessToken(), phone.deviceId(), Otp.code(phone.secret(), 1)).statusCode(204);
    }

    @Test
    void theFirstDeviceNeedsNoStepUpWithAnAccessTokenOrDuringLogin() {
        User inAccount = User.in(TestData.org(false));
        assertThat(Api.enrolled(inAccount, "Phone").recoveryCodes()).hasSize(10);

        User atLogin = User.in(TestData.org(true));
        String token = atLogin.enrollToken(UUID.randomUUID());
        JsonPath created = Api.enroll(token, "Phone").statusCode(201).extract().jsonPath();
        Api.validate(token, created.getString("id"), Otp.now(created.getString("secret"))).statusCode(200)
                .body("recoveryCodes", hasSize(10)).body("mfaProof", org.hamcrest.Matchers.notNullValue());
        // an mfaToken never adds a further device, step-up or not
        Api.enroll(atLogin.enrollToken(UUID.randomUUID()), "Attacker", "123456").statusCode(409)
                .body("code", equalTo("mfa_already_enrolled"));
    }

    @Test
    void anEnrollmentStartedBeforeTheFirstDeviceCannotBecomeAFurtherOneWithoutStepUp() {
        User user = User.in(TestData.org(false));
        // a stolen token starts an enrollment while the owner has no device yet
        JsonPath attacker = Api.enroll(user.accessToken(), "Attacker").statusCode(201).extract().jsonPath();
        Api.enrolled(user, "Phone");
        Api.validate(user.accessToken(), attacker.getString("id"), Otp.now(attacker.getString("secret"))).statusCode(404)
                .body("code", equalTo("enrollment_not_found"));
        assertThat(devices(user)).hasSize(1);
    }

    private static void assertUnchanged(User user, Action action) {
        assertThat(devices(user)).as(action.name()).hasSize(1);
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ? and status = 'PENDING'", user.id()))
                .as(action.name()).isZero();
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(10));
    }

    private static List<String> devices(User user) {
        return Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200).extract().jsonPath()
                .getList("id", String.class);
    }

    private static long failures(User user) {
        return TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id());
    }
}
