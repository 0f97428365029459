package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.SoftAuthenticator;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 through the gateway: in an MFA-required org a new user enrolls a passkey during the
 * first login (a software authenticator, {@link SoftAuthenticator}), the login completes with amr
 * hwk; the next login's MFA step is passed with the passkey; a wrong key, another origin and a
 * replayed assertion are refused; My Account lists it as a passkey.
 */
@Order(8)
@DisplayName("Passkeys: MFA org -> enroll a passkey at first login -> later logins pass MFA with it")
class PasskeyJourneyTest {

    private static final String REGION = "us-east-1";
    /** Where the SPA is served: the origin in clientDataJSON (THRESHOLD_PUBLIC_BASE_URL of the system). */
    private static final String ORIGIN = System.getProperty("threshold.public.url", E2e.GATEWAY).replaceAll("/$", "");

    @Test
    void enrollAPasskeyAtFirstLoginThenSignInWithIt() {
        Tenants.Org org = Tenants.newOrg(REGION, "passkey");
        Response settings = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me");
        assertThat(settings.statusCode()).as(settings.asString()).isEqualTo(200);
        String email = "pk-" + java.util.UUID.randomUUID() + "@" + org.name() + ".test";
        assertThat(E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("email", email, "name", "Pat", "roles", List.of("user"))).post("/api/v2/invitations")
                .statusCode()).isEqualTo(201);
        Response first = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("token", Mailbox.invitationToken(email, REGION), "password", Tenants.PASSWORD))
                .post("/api/v2/auth/invitations/accept");
        assertThat(first.jsonPath().getString("status")).as(first.asString()).isEqualTo("MFA_ENROLLMENT_REQUIRED");
        String enrollToken = first.jsonPath().getString("mfaToken");

        // enrollment: creation options, the authenticator's registration, the answer of a first device
        Response enrollment = E2e.gateway().auth().oauth2(enrollToken).contentType("application/json")
                .body(Map.of("name", "Laptop", "type", "webauthn")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        Map<String, Object> creation = enrollment.jsonPath().getMap("publicKey");
        assertThat(enrollment.jsonPath().getString("publicKey.rp.id")).isEqualTo(java.net.URI.create(ORIGIN).getHost());
        assertThat(enrollment.jsonPath().getList("publicKey.pubKeyCredParams.alg", Integer.class)).contains(-7);
        SoftAuthenticator authenticator = new SoftAuthenticator(ORIGIN);
        Response validated = E2e.gateway().auth().oauth2(enrollToken).contentType("application/json")
                .body(Map.of("credential", authenticator.register(creation)))
                .post("/api/v2/mfa/enrollments/" + enrollment.jsonPath().getString("id") + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
        assertThat(validated.jsonPath().getString("device.type")).isEqualTo("webauthn");
        assertThat(validated.jsonPath().getList("recoveryCodes")).hasSize(10);
        Response loggedIn = completeMfa(enrollToken, validated.jsonPath().getString("mfaProof"));
        assertThat(loggedIn.jsonPath().getString("status")).as(loggedIn.asString()).isEqualTo("AUTHENTICATED");
        assertThat(amr(loggedIn.jsonPath().getString("accessToken"))).isEqualTo(List.of("pwd", "hwk"));
        String accessToken = loggedIn.jsonPath().getString("accessToken");

        // the next login: the passkey is offered, refusals first, then the right assertion
        String challengeToken = passwordLogin(email);
        Response options = options(challengeToken);
        assertThat(options.jsonPath().getList("methods", String.class)).containsExactly("webauthn");
        assertThat(options.jsonPath().getList("publicKey.allowCredentials.id", String.class))
                .containsExactly(authenticator.credentialIdBase64());
        var keys = authenticator.keys;
        authenticator.keys = SoftAuthenticator.newKeys();
        E2e.assertProblem(challenge(challengeToken, authenticator.authenticate(options.jsonPath().getMap("publicKey"))), 400,
                "invalid_credential");
        authenticator.keys = keys;
        authenticator.origin = "https://phish.example";
        E2e.assertProblem(challenge(challengeToken, authenticator.authenticate(options(challengeToken).jsonPath()
                .getMap("publicKey"))), 400, "invalid_credential");
        authenticator.origin = ORIGIN;
        Map<String, Object> assertion = authenticator.authenticate(options(challengeToken).jsonPath().getMap("publicKey"));
        Response passed = challenge(challengeToken, assertion);
        assertThat(passed.statusCode()).as(passed.asString()).isEqualTo(200);
        E2e.assertProblem(challenge(challengeToken, assertion), 400, "invalid_credential");
        Response again = completeMfa(challengeToken, passed.jsonPath().getString("mfaProof"));
        assertThat(amr(again.jsonPath().getString("accessToken"))).isEqualTo(List.of("pwd", "hwk"));

        // My Account lists it as a passkey
        Response devices = E2e.gateway().auth().oauth2(accessToken).get("/api/v2/mfa/devices");
        assertThat(devices.jsonPath().getList("type", String.class)).containsExactly("webauthn");
        assertThat(devices.jsonPath().getList("name", String.class)).containsExactly("Laptop");
    }

    private static String passwordLogin(String email) {
        Response response = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("email", email, "password", Tenants.PASSWORD)).post("/api/v2/auth/login");
        assertThat(response.jsonPath().getString("status")).as(response.asString()).isEqualTo("MFA_REQUIRED");
        return response.jsonPath().getString("mfaToken");
    }

    private static Response options(String mfaToken) {
        Response response = E2e.gateway().auth().oauth2(mfaToken).post("/api/v2/mfa/challenge/options");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response;
    }

    private static Response challenge(String mfaToken, Map<String, Object> credential) {
        return E2e.gateway().auth().oauth2(mfaToken).contentType("application/json").body(Map.of("credential", credential))
                .post("/api/v2/mfa/challenge");
    }

    private static Response completeMfa(String mfaToken, String proof) {
        Map<String, Object> body = new HashMap<>();
        body.put("mfaToken", mfaToken);
        body.put("mfaProof", proof);
        return E2e.gateway().header("X-Region", REGION).contentType("application/json").body(body)
                .post("/api/v2/auth/login/mfa");
    }

    @SuppressWarnings("unchecked")
    private static List<String> amr(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return (List<String>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(payload, Map.class).get("amr");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
