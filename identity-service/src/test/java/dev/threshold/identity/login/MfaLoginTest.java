package dev.threshold.identity.login;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.MfaStub;
import dev.threshold.common.testing.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MFA step of password logins, with proofs signed by mfa-service's test key (docs/tokens.md);
 * whether a person enrolled is mfa-service's answer at login ({@link MfaStub} stands in for it).
 */
@QuarkusTest
@QuarkusTestResource(value = MfaStub.class, restrictToAnnotatedClass = false)
class MfaLoginTest {

    private static final String REMEMBER_COOKIE = "__Host-threshold_mfa_us-east-1";

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void mfaRequiredOrgEnrollsThenChallengesAndTheProofCompletesTheLoginOnce() throws Exception {
        Accounts.Org org = Accounts.newOrg("mfa-flow");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));

        JsonPath first = passwordLogin(person, null).body("status", equalTo("MFA_ENROLLMENT_REQUIRED"))
                .extract().jsonPath();
        Map<String, Object> mfaClaims = claims(first.getString("mfaToken"));
        assertThat(mfaClaims.get("aud")).isIn("threshold-mfa", List.of("threshold-mfa"));
        assertThat(mfaClaims).containsEntry("sub", person.userId().toString())
                .containsEntry("mfa_action", "enroll").containsEntry("email", person.email()).containsKey("flow");
        String proof = proof(person.userId(), (String) mfaClaims.get("flow"), List.of("otp"), testKey());

        String accessToken = complete(first.getString("mfaToken"), proof, false).statusCode(200)
                .body("status", equalTo("AUTHENTICATED")).body("refreshToken", notNullValue())
                .extract().path("accessToken");
        assertThat(claims(accessToken)).containsEntry("amr", List.of("pwd", "otp"));
        // the same mfaToken and proof again: the flow is used up
        complete(first.getString("mfaToken"), proof, false).statusCode(401).body("code", equalTo("mfa_flow_invalid"));

        // enrolled now (mfa-service validated the device): the next login is a challenge at once
        MfaStub.enroll(org.id(), person.userId());
        passwordLogin(person, null).body("status", equalTo("MFA_REQUIRED"));
        // the account page reads identity's read model, kept by mfa-service's event
        BrokerTap.publish("mfa.enrolled", mfaEvent("mfa.enrolled", org.id(), person.userId()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(accessToken)
                .get("/api/v2/users/me").then().body("mfa.enrolled", equalTo(true)).body("mfa.required", equalTo(true)));
    }

    @Test
    void proofsOfAnotherFlowUserOrKeyAreRefused() throws Exception {
        Accounts.Org org = Accounts.newOrg("mfa-bad");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        String mfaToken = passwordLogin(person, null).extract().path("mfaToken");
        String flow = (String) claims(mfaToken).get("flow");

        complete(mfaToken, proof(person.userId(), UUID.randomUUID().toString(), List.of("otp"), testKey()), false)
                .statusCode(401).body("code", equalTo("mfa_proof_invalid"));
        complete(mfaToken, proof(UUID.randomUUID(), flow, List.of("otp"), testKey()), false)
                .statusCode(401).body("code", equalTo("mfa_proof_invalid"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        complete(mfaToken, proof(person.userId(), flow, List.of("otp"), generator.generateKeyPair().getPrivate()), false)
                .statusCode(401).body("code", equalTo("mfa_proof_invalid"));
        complete("not-a-token", proof(person.userId(), flow, List.of("otp"), testKey()), false)
                .statusCode(401).body("code", equalTo("mfa_flow_invalid"));
        // an access token is no mfaToken
        complete(person.accessToken(), proof(person.userId(), flow, List.of("otp"), testKey()), false)
                .statusCode(401).body("code", equalTo("mfa_flow_invalid"));
        // the valid pair still works: failed attempts did not consume the flow
        complete(mfaToken, proof(person.userId(), flow, List.of("otp"), testKey()), false).statusCode(200);
    }

    @Test
    void aPasskeyProofSaysHwkAndAProofNamingNoSecondFactorIsRefused() throws Exception {
        Accounts.Org org = Accounts.newOrg("mfa-hwk");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        String mfaToken = passwordLogin(person, null).extract().path("mfaToken");
        String flow = (String) claims(mfaToken).get("flow");
        // methods that are not second factors never reach the access token's amr
        for (List<String> amr : List.of(List.of("client"), List.of("hwk", "sso"), List.of("pwd"))) {
            complete(mfaToken, proof(person.userId(), flow, amr, testKey()), false).statusCode(401)
                    .body("code", equalTo("mfa_proof_invalid"));
        }
        String accessToken = complete(mfaToken, proof(person.userId(), flow, List.of("hwk"), testKey()), false)
                .statusCode(200).extract().path("accessToken");
        assertThat(claims(accessToken)).containsEntry("amr", List.of("pwd", "hwk"));
    }

    @Test
    void anMfaLoginExpires() {
        Accounts.Org org = Accounts.newOrg("mfa-exp");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        String mfaToken = passwordLogin(person, null).extract().path("mfaToken");
        String flow = (String) claims(mfaToken).get("flow");
        TestClock.INSTANCE.advance(Duration.ofMinutes(6));
        complete(mfaToken, proof(person.userId(), flow, List.of("otp"), testKey()), false).statusCode(401)
                .body("code", equalTo("mfa_flow_invalid"));
    }

    @Test
    void aRememberedBrowserSkipsMfaUntilForgottenOrReset() throws Exception {
        Accounts.Org org = Accounts.newOrg("mfa-remember");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true, "mfaRememberDays", 30));
        String mfaToken = passwordLogin(person, null).extract().path("mfaToken");
        Response completed = complete(mfaToken, proof(person.userId(), (String) claims(mfaToken).get("flow"),
                List.of("otp"), testKey()), true).statusCode(200).extract().response();
        MfaStub.enroll(org.id(), person.userId());
        String remember = completed.getCookie(REMEMBER_COOKIE);
        assertThat(remember).isNotBlank();
        assertThat(completed.getHeaders().getValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith(REMEMBER_COOKIE + "=").contains("Path=/").contains("Secure").contains("HttpOnly")
                .contains("Max-Age=2592000"));
        String accessToken = completed.path("accessToken");

        passwordLogin(person, remember).body("status", equalTo("AUTHENTICATED"));
        passwordLogin(person, "some-other-value").body("status", equalTo("MFA_REQUIRED"));

        given().auth().oauth2(accessToken).delete("/api/v2/users/me/remembered-devices").then().statusCode(204);
        passwordLogin(person, remember).body("status", equalTo("MFA_REQUIRED"));

        // remember again, then an admin reset in mfa-service forgets it and asks for enrollment
        String again = passwordLogin(person, null).extract().path("mfaToken");
        String remembered = complete(again, proof(person.userId(), (String) claims(again).get("flow"), List.of("otp"),
                testKey()), true).extract().cookie(REMEMBER_COOKIE);
        passwordLogin(person, remembered).body("status", equalTo("AUTHENTICATED"));
        MfaStub.reset(org.id(), person.userId());
        passwordLogin(person, remembered).body("status", equalTo("MFA_ENROLLMENT_REQUIRED"));
        // the event forgets the remembered browsers too
        BrokerTap.publish("mfa.reset", mfaEvent("mfa.reset", org.id(), person.userId()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(Accounts.query(
                "select count(*) from remembered_device where user_id = ?", person.userId())));
    }

    @Test
    void optInUsersOfOrgsWithoutMfaAreChallengedToo() throws Exception {
        Accounts.Org org = Accounts.newOrg("mfa-optin");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        passwordLogin(person, null).body("status", equalTo("AUTHENTICATED"));
        // enrolled voluntarily: enforced from the very next login, no event needed
        MfaStub.enroll(org.id(), person.userId());
        passwordLogin(person, null).body("status", equalTo("MFA_REQUIRED"));
    }

    @Test
    void withoutAnAnswerFromMfaServiceNoPasswordLoginGetsThrough() {
        Accounts.Org org = Accounts.newOrg("mfa-down");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        try {
            MfaStub.mode(MfaStub.Mode.ERRORS);
            int before = MfaStub.calls();
            mfaUnavailable(person);
            // asking is idempotent: retried twice (with jitter) before giving up
            assertThat(MfaStub.calls() - before).isEqualTo(3);
            // a connection closed without an answer is the same (the circuit breaker may be open by now)
            MfaStub.mode(MfaStub.Mode.DROPS);
            mfaUnavailable(person);
            mfaUnavailable(person);
            // open: mfa-service is not even asked, the answer is the same
            int whileOpen = MfaStub.calls();
            mfaUnavailable(person);
            assertThat(MfaStub.calls()).isEqualTo(whileOpen);
        } finally {
            MfaStub.mode(MfaStub.Mode.UP);
        }
        // the circuit breaker closes again once mfa-service answers
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                passwordLogin(person, null).body("status", equalTo("AUTHENTICATED")));
    }

    @Test
    void aBrowserSessionThatPassedMfaRefreshesAndLogsOut() {
        Accounts.Org org = Accounts.newOrg("mfa-logout");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true, "mfaRememberDays", 7));
        JsonPath first = given().contentType(ContentType.JSON)
                .body(Map.of("email", person.email(), "password", person.password())).post("/api/v2/auth/login")
                .then().statusCode(200).extract().jsonPath();
        String mfaToken = first.getString("mfaToken");
        Map<String, Object> body = new HashMap<>();
        body.put("mfaToken", mfaToken);
        body.put("mfaProof", proof(person.userId(), (String) claims(mfaToken).get("flow"), List.of("otp"), testKey()));
        body.put("rememberDevice", true);
        Response completed = given().contentType(ContentType.JSON).body(body).post("/api/v2/auth/login/mfa");
        completed.then().statusCode(200);
        String cookie = completed.getCookie("threshold_refresh_us-east-1");
        assertThat(cookie).isNotBlank();
        String next = given().cookie("threshold_refresh_us-east-1", cookie).header("X-Requested-With", "fetch")
                .post("/api/v2/auth/refresh").then().statusCode(200).extract().cookie("threshold_refresh_us-east-1");
        given().cookie("threshold_refresh_us-east-1", next).header("X-Requested-With", "fetch")
                .contentType(ContentType.JSON).post("/api/v2/auth/logout").then().statusCode(204);
        given().cookie("threshold_refresh_us-east-1", next).header("X-Requested-With", "fetch")
                .post("/api/v2/auth/logout").then().statusCode(204);
    }

    @Test
    void badInputIsA400() {
        given().contentType(ContentType.JSON).body(Map.of("mfaToken", "x")).post("/api/v2/auth/login/mfa").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItems("/mfaProof"));
        given().contentType(ContentType.JSON).body(Map.of("mfaToken", "x", "mfaProof", "y", "rememberDevice", "maybe"))
                .post("/api/v2/auth/login/mfa").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    private static void mfaUnavailable(Accounts.Person person) {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", Accounts.randomIp())
                .body(Map.of("email", person.email(), "password", person.password(), "cookie", false))
                .post("/api/v2/auth/login").then().statusCode(503)
                .header("Retry-After", "5")
                .body("code", equalTo("mfa_unavailable"));
    }

    private static io.restassured.response.ValidatableResponse passwordLogin(Accounts.Person person, String remember) {
        var request = given().contentType(ContentType.JSON).header("X-Forwarded-For", Accounts.randomIp())
                .body(Map.of("email", person.email(), "password", person.password(), "cookie", false));
        if (remember != null) {
            request.cookie(REMEMBER_COOKIE, remember);
        }
        return request.post("/api/v2/auth/login").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse complete(String mfaToken, String proof,
            boolean rememberDevice) {
        Map<String, Object> body = new HashMap<>();
        body.put("mfaToken", mfaToken);
        body.put("mfaProof", proof);
        body.put("rememberDevice", rememberDevice);
        return given().contentType(ContentType.JSON).body(body).post("/api/v2/auth/login/mfa").then();
    }

    private static String proof(UUID userId, String flow, List<String> amr, PrivateKey key) {
        return Jwt.claims().issuer("threshold-mfa/us-east-1").audience("threshold-identity")
                .subject(userId.toString()).claim("flow", flow).claim("amr", amr)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(120))
                .jws().algorithm(SignatureAlgorithm.ES256).keyId("mfa-proof-test").sign(key);
    }

    private static PrivateKey testKey() {
        try (InputStream in = MfaLoginTest.class.getClassLoader()
                .getResourceAsStream("test-keys/mfa-proof-test-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mfaEvent(String name, UUID orgId, UUID userId) {
        return """
                {"specversion":"1.0","id":"%s","source":"/threshold/us-east-1/mfa-service","type":"threshold.%s.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json","orgid":"%s","region":"us-east-1",
                 "data":{"userId":"%s","orgId":"%s","devices":1,"resetBy":"admin"}}"""
                .formatted(UUID.randomUUID(), name, userId, Instant.now(), orgId, userId, orgId);
    }

    private static Map<String, Object> claims(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonPath(json).getMap("$");
    }
}
