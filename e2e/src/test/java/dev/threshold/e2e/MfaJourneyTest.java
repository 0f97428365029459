package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 through the gateway: an org requires MFA; a new user's first login asks for enrollment,
 * the device "Pixel 8" is enrolled with a code computed here (independently) from the secret, the
 * login completes with amr otp; later logins are challenged; a code works once; a recovery code
 * works once; a remembered browser skips MFA; an admin reset forces enrollment again.
 */
@Order(7)
@DisplayName("MFA: required by the org -> enroll Pixel 8 -> validate -> challenge, recovery, remember, reset")
class MfaJourneyTest {

    private static final String REGION = "us-east-1";
    private static final String PASSWORD = "Mfa-Journey-Secret-7";
    private static final String REMEMBER = "__Host-threshold_mfa_" + REGION;

    @Test
    void enrollChallengeRecoverRememberAndReset() throws Exception {
        Tenants.Org org = Tenants.newOrg(REGION, "mfa");
        String adminAccess = org.admin().accessToken();
        Tenants.changeSettings(org, Map.of("mfaRequired", true, "mfaRememberDays", 30));
        String email = Tenants.invite(org, "user");

        // first login: the invitation is accepted, then MFA enrollment is required
        Response first = Tenants.acceptInvitation(REGION, email, PASSWORD, true);
        assertThat(first.jsonPath().getString("status")).as(first.asString()).isEqualTo("MFA_ENROLLMENT_REQUIRED");
        String mfaToken = first.jsonPath().getString("mfaToken");

        Response enrollment = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("name", "Pixel 8")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        String secret = enrollment.jsonPath().getString("secret");
        assertThat(enrollment.jsonPath().getString("otpauthUri")).startsWith("otpauth://totp/").contains("secret=" + secret);
        assertThat(enrollment.jsonPath().getString("qrCode")).startsWith("data:image/png;base64,");
        long step = System.currentTimeMillis() / 30_000;
        Response validated = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("code", totp(secret, step)))
                .post("/api/v2/mfa/enrollments/" + enrollment.jsonPath().getString("id") + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
        List<String> recoveryCodes = validated.jsonPath().getList("recoveryCodes");
        assertThat(recoveryCodes).hasSize(10);
        Response loggedIn = completeMfa(mfaToken, validated.jsonPath().getString("mfaProof"), false);
        assertThat(loggedIn.jsonPath().getString("status")).as(loggedIn.asString()).isEqualTo("AUTHENTICATED");
        assertThat(claims(loggedIn.jsonPath().getString("accessToken"))).contains("\"otp\"");

        // the next login is a challenge; the next step's code works once, a replay is refused
        String challengeToken = passwordLogin(email, null, "MFA_REQUIRED").jsonPath().getString("mfaToken");
        String nextCode = totp(secret, step + 1);
        Response challenged = challenge(challengeToken, Map.of("code", nextCode));
        assertThat(challenged.statusCode()).as(challenged.asString()).isEqualTo(200);
        E2e.assertProblem(challenge(challengeToken, Map.of("code", nextCode)), 400, "invalid_code");
        Response remembered = completeMfa(challengeToken, challenged.jsonPath().getString("mfaProof"), true);
        assertThat(remembered.statusCode()).as(remembered.asString()).isEqualTo(200);
        String rememberCookie = remembered.getCookie(REMEMBER);
        assertThat(rememberCookie).isNotBlank();

        // the browser session that passed MFA signs out: 204, and its cookie no longer refreshes
        String sessionCookie = remembered.getCookie("threshold_refresh_" + REGION);
        Response logout = E2e.gateway().header("X-Region", REGION).header("X-Requested-With", "fetch")
                .cookie("threshold_refresh_" + REGION, sessionCookie).post("/api/v2/auth/logout");
        assertThat(logout.statusCode()).as(logout.asString()).isEqualTo(204);
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).header("X-Requested-With", "fetch")
                .cookie("threshold_refresh_" + REGION, sessionCookie).post("/api/v2/auth/refresh"), 401, "session_revoked");

        // this browser is remembered: the password alone logs in
        passwordLogin(email, rememberCookie, "AUTHENTICATED");

        // a recovery code works once
        String recoveryToken = passwordLogin(email, null, "MFA_REQUIRED").jsonPath().getString("mfaToken");
        Response recovered = challenge(recoveryToken, Map.of("recoveryCode", recoveryCodes.get(0)));
        assertThat(recovered.statusCode()).as(recovered.asString()).isEqualTo(200);
        assertThat(completeMfa(recoveryToken, recovered.jsonPath().getString("mfaProof"), false)
                .jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        String again = passwordLogin(email, null, "MFA_REQUIRED").jsonPath().getString("mfaToken");
        E2e.assertProblem(challenge(again, Map.of("recoveryCode", recoveryCodes.get(0))), 400, "invalid_code");

        // the admin resets the user's MFA: enrollment again, the remembered browser is forgotten
        String userId = loggedIn.jsonPath().getString("user.id");
        Response reset = E2e.gateway().auth().oauth2(adminAccess).delete("/api/v2/mfa/users/" + userId + "/devices");
        assertThat(reset.statusCode()).as(reset.asString()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                passwordLogin(email, rememberCookie, "MFA_ENROLLMENT_REQUIRED"));
    }

    private static Response passwordLogin(String email, String rememberCookie, String expectedStatus) {
        RequestSpecification request = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("email", email, "password", PASSWORD));
        if (rememberCookie != null) {
            request.cookie(REMEMBER, rememberCookie);
        }
        Response response = request.post("/api/v2/auth/login");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("status")).as(response.asString()).isEqualTo(expectedStatus);
        return response;
    }

    private static Response challenge(String mfaToken, Map<String, String> body) {
        return E2e.gateway().auth().oauth2(mfaToken).contentType("application/json").body(body)
                .post("/api/v2/mfa/challenge");
    }

    private static Response completeMfa(String mfaToken, String proof, boolean rememberDevice) {
        Map<String, Object> body = new HashMap<>();
        body.put("mfaToken", mfaToken);
        body.put("mfaProof", proof);
        body.put("rememberDevice", rememberDevice);
        return E2e.gateway().header("X-Region", REGION).contentType("application/json").body(body)
                .post("/api/v2/auth/login/mfa");
    }

    private static String claims(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), written here independently of mfa-service. */
    static String totp(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").toUpperCase();
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
