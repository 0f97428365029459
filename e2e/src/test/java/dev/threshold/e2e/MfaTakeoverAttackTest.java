package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 4, replayed through the gateway: with only a stolen access token, an attacker
 * enrolled an "Attacker" device (its recovery codes replaced the owner's) and deleted the owner's
 * device. Now every change to the second factor needs X-MFA-Code (a current code or an unused
 * recovery code): without it, 403 step_up_required; with it the owner can still do all of it,
 * and a further device leaves the recovery codes alone.
 */
@Order(20)
@DisplayName("Security: a stolen access token cannot take over MFA (step-up on devices and recovery codes)")
class MfaTakeoverAttackTest {

    private static final String REGION = "us-east-1";
    private static final String PASSWORD = "Copper-Meadow-Violin-9";

    /** Time steps already used per secret: mfa-service accepts each step of a device once. */
    private final Map<String, Set<Long>> usedSteps = new HashMap<>();

    @Test
    void aStolenAccessTokenAloneCannotChangeTheSecondFactor() throws Exception {
        // an org that requires MFA, and a user who enrolled one TOTP device at first login
        Tenants.Org org = Tenants.newOrg(REGION, "takeover");
        Tenants.changeSettings(org, Map.of("mfaRequired", true));
        String email = Tenants.invite(org, "user");

        // first login: the first device is enrolled with the login's mfaToken, no step-up needed
        Response first = Tenants.acceptInvitation(REGION, email, PASSWORD, true);
        assertThat(first.jsonPath().getString("status")).as(first.asString()).isEqualTo("MFA_ENROLLMENT_REQUIRED");
        String mfaToken = first.jsonPath().getString("mfaToken");
        Response enrollment = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("name", "Owner phone")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        String ownerSecret = enrollment.jsonPath().getString("secret");
        String ownerDevice = enrollment.jsonPath().getString("id");
        Response validated = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("code", freshCode(ownerSecret)))
                .post("/api/v2/mfa/enrollments/" + ownerDevice + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
        List<String> recoveryCodes = validated.jsonPath().getList("recoveryCodes");
        assertThat(recoveryCodes).hasSize(10).allMatch(code -> code.matches("[0-9a-z]{4}(-[0-9a-z]{4}){4}"));
        Response loggedIn = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("mfaToken", mfaToken, "mfaProof", validated.jsonPath().getString("mfaProof"),
                        "rememberDevice", false))
                .post("/api/v2/auth/login/mfa");
        assertThat(loggedIn.jsonPath().getString("status")).as(loggedIn.asString()).isEqualTo("AUTHENTICATED");
        String stolen = loggedIn.jsonPath().getString("accessToken");

        // the attack, with the access token alone
        E2e.assertProblem(enroll(stolen, "Attacker", null), 403, "step_up_required");
        E2e.assertProblem(deleteDevice(stolen, ownerDevice, null), 403, "step_up_required");
        E2e.assertProblem(regenerate(stolen, null), 403, "step_up_required");
        // guessing is no way around it: a wrong code is refused (and counts toward the MFA rate limit)
        E2e.assertProblem(deleteDevice(stolen, ownerDevice, "000000".equals(currentCode(ownerSecret)) ? "111111" : "000000"),
                403, "step_up_required");
        E2e.assertProblem(regenerate(stolen, "abcd-efgh-jkmn-pqrs-tvwx"), 403, "step_up_required");
        assertThat(devices(stolen)).containsExactly(ownerDevice);
        assertThat(remaining(stolen)).isEqualTo(10);

        // the owner, with a current code: a further device, and the recovery codes survive it
        Response backup = enroll(stolen, "Backup phone", freshCode(ownerSecret));
        assertThat(backup.statusCode()).as(backup.asString()).isEqualTo(201);
        String backupSecret = backup.jsonPath().getString("secret");
        String backupDevice = backup.jsonPath().getString("id");
        Response backupValidated = E2e.gateway().auth().oauth2(stolen).contentType("application/json")
                .body(Map.of("code", freshCode(backupSecret)))
                .post("/api/v2/mfa/enrollments/" + backupDevice + "/validate");
        assertThat(backupValidated.statusCode()).as(backupValidated.asString()).isEqualTo(200);
        assertThat(backupValidated.jsonPath().getList("recoveryCodes")).as(backupValidated.asString()).isNull();
        assertThat(remaining(stolen)).isEqualTo(10);
        assertThat(challengeWithRecoveryCode(email, recoveryCodes.get(0)).statusCode()).isEqualTo(200);
        assertThat(remaining(stolen)).isEqualTo(9);

        // with an unused recovery code: a new set; the old one stops working
        Response renewed = regenerate(stolen, recoveryCodes.get(1));
        assertThat(renewed.statusCode()).as(renewed.asString()).isEqualTo(200);
        List<String> fresh = renewed.jsonPath().getList("recoveryCodes");
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(recoveryCodes);
        E2e.assertProblem(challengeWithRecoveryCode(email, recoveryCodes.get(2)), 400, "invalid_code");
        assertThat(challengeWithRecoveryCode(email, fresh.get(0)).statusCode()).isEqualTo(200);

        // with a current code of the other device: deleting one
        Response deleted = deleteDevice(stolen, backupDevice, freshCode(ownerSecret));
        assertThat(deleted.statusCode()).as(deleted.asString()).isEqualTo(204);
        assertThat(devices(stolen)).containsExactly(ownerDevice);
    }

    private static RequestSpecification withStepUp(String accessToken, String code) {
        RequestSpecification request = E2e.gateway().auth().oauth2(accessToken);
        return code == null ? request : request.header("X-MFA-Code", code);
    }

    private static Response enroll(String accessToken, String name, String code) {
        return withStepUp(accessToken, code).contentType("application/json").body(Map.of("name", name))
                .post("/api/v2/mfa/enrollments");
    }

    private static Response deleteDevice(String accessToken, String deviceId, String code) {
        return withStepUp(accessToken, code).delete("/api/v2/mfa/devices/" + deviceId);
    }

    private static Response regenerate(String accessToken, String code) {
        return withStepUp(accessToken, code).post("/api/v2/mfa/recovery-codes");
    }

    private static List<String> devices(String accessToken) {
        Response response = E2e.gateway().auth().oauth2(accessToken).get("/api/v2/mfa/devices");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath().getList("id");
    }

    private static int remaining(String accessToken) {
        Response response = E2e.gateway().auth().oauth2(accessToken).get("/api/v2/mfa/recovery-codes");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath().getInt("remaining");
    }

    /** A password login of the owner answered at the MFA step with a recovery code. */
    private static Response challengeWithRecoveryCode(String email, String recoveryCode) {
        Response login = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/v2/auth/login");
        assertThat(login.jsonPath().getString("status")).as(login.asString()).isEqualTo("MFA_REQUIRED");
        return E2e.gateway().auth().oauth2(login.jsonPath().getString("mfaToken")).contentType("application/json")
                .body(Map.of("recoveryCode", recoveryCode)).post("/api/v2/mfa/challenge");
    }

    private static String currentCode(String secret) throws Exception {
        return MfaJourneyTest.totp(secret, System.currentTimeMillis() / 30_000);
    }

    /** A code of a time step within the accepted window (now-1 .. now+1) not used yet for this secret. */
    private String freshCode(String secret) throws Exception {
        long now = System.currentTimeMillis() / 30_000;
        Set<Long> used = usedSteps.computeIfAbsent(secret, s -> new HashSet<>());
        for (long step : new long[] {now, now + 1, now - 1}) {
            if (used.add(step)) {
                return MfaJourneyTest.totp(secret, step);
            }
        }
        throw new IllegalStateException("no unused step left in the window; wait for the next one");
    }
}
