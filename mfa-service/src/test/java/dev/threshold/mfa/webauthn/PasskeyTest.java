package dev.threshold.mfa.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.mfa.support.Proofs;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import dev.threshold.testing.SoftAuthenticator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Passkeys (issue 19) against a software authenticator written from the specification
 * ({@link SoftAuthenticator}): enrollment during login and in My Account, the login assertion,
 * every refusal (wrong key, origin, RP id, replayed or foreign challenge, a counter that went
 * back), the shared rate limit, step-up with a passkey, devices and the admin reset.
 */
@QuarkusTest
class PasskeyTest {

    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void enrollsAPasskeyDuringLoginAndReturnsAProofOfAHardwareKey() throws Exception {
        User user = User.in(TestData.org(true));
        UUID flow = UUID.randomUUID();
        String token = user.enrollToken(flow);
        JsonPath created = Api.enrollPasskey(token, "Laptop", null).statusCode(201)
                .header("Cache-Control", "no-store")
                .body("type", equalTo("webauthn")).body("secret", nullValue()).body("qrCode", nullValue())
                .extract().jsonPath();
        Map<String, Object> options = created.getMap("publicKey");
        // WebAuthn Level 3 PublicKeyCredentialCreationOptionsJSON
        assertThat(created.getString("publicKey.rp.id")).isEqualTo("localhost");
        assertThat(created.getString("publicKey.rp.name")).isEqualTo("Threshold");
        assertThat(B64URL.decode(created.getString("publicKey.user.id"))).isEqualTo(user.id().getBytes());
        assertThat(created.getString("publicKey.user.name")).isEqualTo(user.email());
        assertThat(B64URL.decode(created.getString("publicKey.challenge"))).hasSize(32);
        assertThat(created.getList("publicKey.pubKeyCredParams.alg", Integer.class)).containsExactly(-7, -8, -257);
        assertThat(created.getList("publicKey.pubKeyCredParams.type", String.class)).containsOnly("public-key");
        assertThat(created.getLong("publicKey.timeout")).isEqualTo(300_000L);
        assertThat(created.getString("publicKey.authenticatorSelection.userVerification")).isEqualTo("preferred");
        assertThat(created.getString("publicKey.attestation")).isEqualTo("none");
        assertThat(created.getList("publicKey.excludeCredentials")).isEmpty();

        SoftAuthenticator authenticator = new SoftAuthenticator(Api.ORIGIN);
        JsonPath validated = Api.validatePasskey(token, created.getString("id"), authenticator.register(options))
                .statusCode(200).header("Cache-Control", "no-store")
                .body("device.type", equalTo("webauthn")).body("device.name", equalTo("Laptop"))
                .body("device.default", equalTo(true)).body("recoveryCodes", hasSize(10))
                .extract().jsonPath();
        JwtClaims claims = Proofs.claims(validated.getString("mfaProof"));
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("hwk");
        assertThat(claims.getStringClaimValue("flow")).isEqualTo(flow.toString());

        Map<String, Object> row = TestData.query("select * from mfa.device where id = ?::uuid", created.getString("id")).get(0);
        assertThat(row.get("type")).isEqualTo("WEBAUTHN");
        assertThat(row.get("status")).isEqualTo("ACTIVE");
        assertThat((byte[]) row.get("credential_id")).isEqualTo(authenticator.credentialId);
        assertThat((byte[]) row.get("public_key")).isNotEmpty();
        assertThat(row.get("sign_count")).isEqualTo(0L);
        assertThat(row.get("transports")).isEqualTo("internal");
        assertThat(row.get("aaguid")).isEqualTo(new UUID(0, 0));
        assertThat(row.get("attestation_format")).isEqualTo("none");
        assertThat(row.get("secret_ciphertext")).isNull();
        // the challenge was used up
        assertThat(TestData.count("select count(*) from mfa.webauthn_challenge where user_id = ?", user.id())).isZero();
        // a passkey has no QR code
        Api.as(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", created.getString("id")).then().statusCode(404);
    }

    @Test
    void signsInWithThePasskeyAndMovesItsCounterOn() {
        User user = User.in(TestData.org(true));
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        UUID flow = UUID.randomUUID();
        String token = user.challengeToken(flow);
        JsonPath options = Api.passkeyOptions(token).statusCode(200).header("Cache-Control", "no-store")
                .extract().jsonPath();
        assertThat(options.getList("methods", String.class)).containsExactly("webauthn");
        assertThat(options.getString("publicKey.rpId")).isEqualTo("localhost");
        assertThat(options.getString("publicKey.userVerification")).isEqualTo("preferred");
        assertThat(options.getList("publicKey.allowCredentials.id", String.class))
                .containsExactly(passkey.authenticator().credentialIdBase64());
        assertThat(options.getList("publicKey.allowCredentials.transports", List.class)).containsExactly(List.of("internal"));
        assertThat(B64URL.decode(options.getString("publicKey.challenge"))).hasSize(32);

        String proof = Api.challengePasskey(token, passkey.authenticator().authenticate(options.getMap("publicKey")))
                .statusCode(200).extract().path("mfaProof");
        JwtClaims claims = Proofs.claims(proof);
        assertThat(claims.getClaimValue("amr")).isEqualTo(List.of("hwk"));
        assertThat(claims.getClaimValueAsString("flow")).isEqualTo(flow.toString());
        assertThat(TestData.query("select sign_count, last_used_at from mfa.device where id = ?::uuid", passkey.deviceId())
                .get(0).get("sign_count")).isEqualTo(1L);

        // and again, in another login
        String again = user.challengeToken(UUID.randomUUID());
        Api.challengePasskey(again, passkey.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(again))))
                .statusCode(200);
        assertThat(TestData.query("select sign_count from mfa.device where id = ?::uuid", passkey.deviceId())
                .get(0).get("sign_count")).isEqualTo(2L);
    }

    @Test
    void acceptsPackedSelfAttestation() {
        User user = User.in(TestData.org(true));
        SoftAuthenticator authenticator = new SoftAuthenticator(Api.ORIGIN);
        authenticator.format = "packed";
        JsonPath created = Api.enrollPasskey(user.accessToken(), "Key", null).statusCode(201).extract().jsonPath();
        Api.validatePasskey(user.accessToken(), created.getString("id"), authenticator.register(created.getMap("publicKey")))
                .statusCode(200);
        assertThat(TestData.query("select attestation_format from mfa.device where id = ?::uuid", created.getString("id"))
                .get(0).get("attestation_format")).isEqualTo("packed");
    }

    @Test
    void refusesARegistrationFromAnotherOriginOrForAnotherRpIdOrWithAnotherChallenge() {
        User user = User.in(TestData.org(true));
        String token = user.accessToken();
        for (String what : List.of("origin", "rpId", "challenge", "replay")) {
            JsonPath created = Api.enrollPasskey(token, "Laptop", null).statusCode(201).extract().jsonPath();
            SoftAuthenticator authenticator = new SoftAuthenticator(Api.ORIGIN);
            Map<String, Object> options = new java.util.HashMap<>(created.getMap("publicKey"));
            switch (what) {
                case "origin" -> authenticator.origin = "https://evil.example";
                case "rpId" -> authenticator.rpId = "evil.example";
                case "challenge" -> options.put("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
                default -> {
                    // a challenge is used up by the first response that names it, even a refused one
                    SoftAuthenticator elsewhere = new SoftAuthenticator("https://evil.example");
                    Api.validatePasskey(token, created.getString("id"), elsewhere.register(options)).statusCode(400)
                            .body("code", equalTo("invalid_credential"));
                }
            }
            Api.validatePasskey(token, created.getString("id"), authenticator.register(options)).statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_credential"));
        }
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ? and status = 'ACTIVE'", user.id()))
                .isZero();
        // each refusal was a wrong attempt: 1 + 1 + 1 + 2
        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isEqualTo(5);
    }

    @Test
    void refusesAnAssertionWithAnotherKeyOriginRpIdOrChallenge() {
        User user = User.in(TestData.org(true));
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        SoftAuthenticator authenticator = passkey.authenticator();
        String token = user.challengeToken(UUID.randomUUID());

        var keys = authenticator.keys;
        authenticator.keys = SoftAuthenticator.newKeys();
        invalid(token, authenticator.authenticate(Api.publicKey(Api.passkeyOptions(token))));
        authenticator.keys = keys;

        authenticator.origin = "http://localhost:8081";
        invalid(token, authenticator.authenticate(Api.publicKey(Api.passkeyOptions(token))));
        authenticator.origin = Api.ORIGIN;

        authenticator.rpId = "example.com";
        invalid(token, authenticator.authenticate(Api.publicKey(Api.passkeyOptions(token))));
        authenticator.rpId = null;

        // a challenge the service never issued
        Map<String, Object> made = new java.util.HashMap<>(Api.publicKey(Api.passkeyOptions(token)));
        made.put("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
        invalid(token, authenticator.authenticate(made));

        // another person's passkey, on this person's challenge
        User other = User.in(user.orgId());
        Api.Passkey stranger = Api.passkey(other, "Laptop", null);
        invalid(token, stranger.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(token))));

        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isEqualTo(5);
        // then the right answer: 429, the limit holds for passkeys as for codes
        Api.challengePasskey(token, authenticator.authenticate(Api.publicKey(Api.passkeyOptions(token)))).statusCode(429)
                .body("code", equalTo("too_many_attempts"));
        TestClock.INSTANCE.advance(Duration.ofMinutes(5).plusSeconds(1));
        // a challenge lives 5 minutes: the clock moved, so ask again
        Api.challengePasskey(token, authenticator.authenticate(Api.publicKey(Api.passkeyOptions(token)))).statusCode(200);
    }

    @Test
    void usesEachChallengeOnceWithinItsLoginFlowAndLifetime() {
        User user = User.in(TestData.org(true));
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        String token = user.challengeToken(UUID.randomUUID());
        Map<String, Object> options = Api.publicKey(Api.passkeyOptions(token));
        Map<String, Object> assertion = passkey.authenticator().authenticate(options);
        Api.challengePasskey(token, assertion).statusCode(200);
        // replayed
        invalid(token, assertion);
        // the same challenge, signed anew: used up
        invalid(token, passkey.authenticator().authenticate(options));
        // a challenge of another login flow
        String otherFlow = user.challengeToken(UUID.randomUUID());
        invalid(token, passkey.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(otherFlow))));
        // a step-up challenge at login
        invalid(token, passkey.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(user.accessToken()))));
        // expired
        Map<String, Object> late = Api.publicKey(Api.passkeyOptions(token));
        TestClock.INSTANCE.advance(Duration.ofMinutes(5).plusSeconds(1));
        Map<String, Object> lateAssertion = passkey.authenticator().authenticate(late);
        Api.challengePasskey(token, lateAssertion).statusCode(400).body("code", equalTo("invalid_credential"));
        // at most 5 open challenges per person and purpose
        for (int i = 0; i < 8; i++) {
            Api.passkeyOptions(token).statusCode(200);
        }
        assertThat(TestData.count("select count(*) from mfa.webauthn_challenge where user_id = ? and purpose = 'LOGIN'",
                user.id())).isEqualTo(5);
    }

    @Test
    void refusesACounterThatWentBackAndReportsTheSuspectedClone() throws Exception {
        User user = User.in(TestData.org(true));
        Api.Passkey passkey = Api.passkey(user, "Security key", null);
        SoftAuthenticator original = passkey.authenticator();
        String token = user.challengeToken(UUID.randomUUID());
        original.counter = 41;
        Api.challengePasskey(token, original.authenticate(Api.publicKey(Api.passkeyOptions(token)))).statusCode(200);
        // a clone with the same key and an older counter
        original.counter = 10;
        try (BrokerTap tap = BrokerTap.listen("mfa.passkey_clone_suspected")) {
            invalid(token, original.authenticate(Api.publicKey(Api.passkeyOptions(token))));
            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.mfa.passkey_clone_suspected.v1");
            assertThat(event.path("data").path("deviceId").asText()).isEqualTo(passkey.deviceId());
            assertThat(event.path("data").path("storedSignCount").asLong()).isEqualTo(42);
            assertThat(event.path("data").path("presentedSignCount").asLong()).isEqualTo(11);
            assertThat(event.path("data").path("purpose").asText()).isEqualTo("login");
        }
        // the same counter again is no better
        original.counter = 41;
        invalid(token, original.authenticate(Api.publicKey(Api.passkeyOptions(token))));
        assertThat(TestData.query("select sign_count from mfa.device where id = ?::uuid", passkey.deviceId())
                .get(0).get("sign_count")).isEqualTo(42L);
        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isEqualTo(2);
    }

    @Test
    void letsAPersonWithBothKindsChooseAndTellsWhoHasNoPasskey() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        // TOTP only: no passkey options, the code form it is
        Api.passkeyOptions(user.challengeToken(UUID.randomUUID())).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("passkey_not_enrolled"));
        Api.passkeyOptions(User.in(user.orgId()).challengeToken(UUID.randomUUID())).statusCode(409)
                .body("code", equalTo("mfa_not_enrolled"));
        // a further device, a passkey, with a TOTP step-up; excludeCredentials is empty still (no passkey yet)
        Api.Passkey passkey = Api.passkey(user, "Laptop", Otp.code(phone.secret(), -1));
        assertThat(passkey.recoveryCodes()).isNullOrEmpty();
        String token = user.challengeToken(UUID.randomUUID());
        assertThat(Api.passkeyOptions(token).statusCode(200).extract().jsonPath().getList("methods", String.class))
                .containsExactly("webauthn", "totp");
        Api.challengeCode(token, Otp.code(phone.secret(), 1)).statusCode(200);
        Api.challengePasskey(token, passkey.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(token))))
                .statusCode(200);
        // a TOTP code never matches a passkey and a passkey response is no code
        Api.challengeRecovery(token, phone.recoveryCodes().get(0)).statusCode(200);
        // a third device: the existing passkey is excluded, the step-up is the passkey
        JsonPath third = Api.enrollPasskey(user.accessToken(), "Key", Api.passkeyStepUp(user, passkey.authenticator()))
                .statusCode(201).extract().jsonPath();
        assertThat(third.getList("publicKey.excludeCredentials.id", String.class))
                .containsExactly(passkey.authenticator().credentialIdBase64());
    }

    @Test
    void listsRenamesAndDeletesPasskeysWithAPasskeyStepUp() {
        User user = User.in(TestData.org(false));
        Api.Passkey laptop = Api.passkey(user, "Laptop", null);
        Api.Passkey key = Api.passkey(user, "Key", Api.passkeyStepUp(user, laptop.authenticator()));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200)
                .body("name", equalTo(List.of("Laptop", "Key"))).body("type", equalTo(List.of("webauthn", "webauthn")))
                .body("default", equalTo(List.of(true, false)));
        Api.as(user.accessToken()).body(Map.of("name", "Work laptop")).patch("/api/v2/mfa/devices/{id}", laptop.deviceId())
                .then().statusCode(200).body("name", equalTo("Work laptop")).body("type", equalTo("webauthn"));

        // deleting needs a step-up: none, a wrong passkey (another key), then the other passkey
        Api.deleteDevice(user.accessToken(), laptop.deviceId(), null).statusCode(403).body("code", equalTo("step_up_required"));
        SoftAuthenticator impostor = new SoftAuthenticator(Api.ORIGIN);
        System.arraycopy(key.authenticator().credentialId, 0, impostor.credentialId, 0, impostor.credentialId.length);
        Api.deleteDevice(user.accessToken(), laptop.deviceId(), Api.passkeyStepUp(user, impostor)).statusCode(403)
                .body("code", equalTo("step_up_required"));
        // a step-up assertion is not a login assertion, and not twice
        String stepUp = Api.passkeyStepUp(user, key.authenticator());
        Api.deleteDevice(user.accessToken(), laptop.deviceId(), stepUp).statusCode(204);
        Api.deleteDevice(user.accessToken(), key.deviceId(), stepUp).statusCode(403).body("code", equalTo("step_up_required"));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("name", equalTo(List.of("Key")))
                .body("default", equalTo(List.of(true)));
        // new recovery codes with a passkey step-up; the last passkey goes with a recovery code
        Api.regenerateRecoveryCodes(user.accessToken(), Api.passkeyStepUp(user, key.authenticator())).statusCode(200)
                .body("recoveryCodes", hasSize(10));
        String recovery = Api.regenerateRecoveryCodes(user.accessToken(), Api.passkeyStepUp(user, key.authenticator()))
                .statusCode(200).extract().jsonPath().getString("recoveryCodes[0]");
        Api.deleteDevice(user.accessToken(), key.deviceId(), recovery).statusCode(204);
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().body("$", hasSize(0));
        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isEqualTo(2);
    }

    @Test
    void adminResetRemovesPasskeysAndTheirChallenges() {
        User user = User.in(TestData.org(true));
        User admin = User.adminOf(user.orgId());
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        Api.passkeyOptions(user.challengeToken(UUID.randomUUID())).statusCode(200);
        Api.enrollPasskey(user.accessToken(), "Pending", Api.passkeyStepUp(user, passkey.authenticator())).statusCode(201);
        Api.as(admin.accessToken()).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(204);
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ?", user.id())).isZero();
        assertThat(TestData.count("select count(*) from mfa.webauthn_challenge where user_id = ?", user.id())).isZero();
        Api.passkeyOptions(user.challengeToken(UUID.randomUUID())).statusCode(409).body("code", equalTo("mfa_not_enrolled"));
        // the same authenticator can be enrolled again afterwards (its credential id is free again)
        UUID flow = UUID.randomUUID();
        JsonPath created = Api.enrollPasskey(user.enrollToken(flow), "Laptop", null).statusCode(201).extract().jsonPath();
        Api.validatePasskey(user.enrollToken(flow), created.getString("id"),
                passkey.authenticator().register(created.getMap("publicKey"))).statusCode(200);
    }

    @Test
    void refusesACredentialIdThatIsRegisteredAlready() {
        User user = User.in(TestData.org(false));
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        User other = User.in(user.orgId());
        JsonPath created = Api.enrollPasskey(other.accessToken(), "Copy", null).statusCode(201).extract().jsonPath();
        Api.validatePasskey(other.accessToken(), created.getString("id"),
                passkey.authenticator().register(created.getMap("publicKey"))).statusCode(400)
                .body("code", equalTo("invalid_credential"));
    }

    @Test
    void takesEachTokenOnlyWhereItBelongsAndBadInputAsSuch() {
        User user = User.in(TestData.org(true));
        Api.Passkey passkey = Api.passkey(user, "Laptop", null);
        UUID flow = UUID.randomUUID();
        Api.passkeyOptions(user.enrollToken(flow)).statusCode(403).body("code", equalTo("token_not_accepted"));
        Map<String, Object> assertion = passkey.authenticator().authenticate(Api.publicKey(Api.passkeyOptions(user.accessToken())));
        Api.challengePasskey(user.accessToken(), assertion).statusCode(403).body("code", equalTo("token_not_accepted"));
        Api.challengePasskey(user.enrollToken(flow), assertion).statusCode(403).body("code", equalTo("token_not_accepted"));

        String token = user.challengeToken(flow);
        fieldError(Api.as(token).body("{\"credential\":\"abc\"}").post("/api/v2/mfa/challenge").then(), "/credential",
                "invalid_type");
        fieldError(Api.as(token).body(Map.of("code", "123456", "credential", assertion)).post("/api/v2/mfa/challenge").then(),
                "/credential", "exclusive");
        fieldError(Api.as(token).body(Map.of("credential", Map.of("x", "y".repeat(20_000)))).post("/api/v2/mfa/challenge")
                .then(), "/credential", "size");
        fieldError(Api.as(user.accessToken()).header("X-MFA-Code", Api.passkeyStepUp(user, passkey.authenticator()))
                .body(Map.of("name", "x", "type", "sms")).post("/api/v2/mfa/enrollments").then(), "/type", "pattern");
        String pending = Api.enrollPasskey(user.accessToken(), "Key", Api.passkeyStepUp(user, passkey.authenticator()))
                .statusCode(201).extract().path("id");
        fieldError(Api.validate(user.accessToken(), pending, "123456"), "/code", "exclusive");
        fieldError(Api.as(user.accessToken()).body("{}").post("/api/v2/mfa/enrollments/{id}/validate", pending).then(),
                "/credential", "required");
        // none of these counted
        assertThat(TestData.count("select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isZero();
    }

    private static void invalid(String token, Map<String, Object> assertion) {
        Api.challengePasskey(token, assertion).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_credential"));
    }

    private static void fieldError(io.restassured.response.ValidatableResponse response, String pointer, String code) {
        response.statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo(pointer)).body("errors[0].code", equalTo(code));
    }
}
