package dev.threshold.mfa.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.mfa.support.Proofs;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The password login's MFA step, with mfaTokens as identity-service hands them out. */
@QuarkusTest
class LoginFlowTest {

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void enrollsDuringLoginAndReturnsAProofBoundToTheFlow() throws Exception {
        User user = User.in(TestData.org(true));
        UUID flow = UUID.randomUUID();
        String token = user.enrollToken(flow);
        JsonPath created = Api.enroll(token, "Pixel 8").statusCode(201).extract().jsonPath();
        String proof = Api.validate(token, created.getString("id"), Otp.now(created.getString("secret"))).statusCode(200)
                .body("device.default", equalTo(true)).body("recoveryCodes", hasSize(10))
                .extract().path("mfaProof");

        JwtContext verified = Proofs.verify(proof);
        assertThat(verified.getJoseObjects().get(0).getKeyIdHeaderValue()).isEqualTo("mfa-proof-test");
        assertThat(verified.getJoseObjects().get(0).getAlgorithmHeaderValue()).isEqualTo("ES256");
        JwtClaims claims = verified.getJwtClaims();
        assertThat(claims.getSubject()).isEqualTo(user.id());
        assertThat(claims.getStringClaimValue("org")).isEqualTo(user.orgId().toString());
        assertThat(claims.getStringClaimValue("flow")).isEqualTo(flow.toString());
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("otp");
        assertThat(claims.getIssuer()).isEqualTo("threshold-mfa/us-east-1");
        // aud is an array, as docs/tokens.md shows it
        assertThat(claims.getClaimValue("aud")).isInstanceOf(List.class);
        assertThat(claims.getAudience()).containsExactly("threshold-identity");
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertThat(lifetime).isEqualTo(120);
        assertThat(claims.getClaimsMap().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "org", "flow", "amr", "iat", "exp", "jti");

        // with an enrolled device, an enroll token cannot add another (password alone is not enough)
        String again = user.enrollToken(UUID.randomUUID());
        Api.enroll(again, "Attacker phone").statusCode(409).body("code", equalTo("mfa_already_enrolled"));
    }

    @Test
    void refusesToValidateAnEnrollmentDuringLoginOnceAnotherDeviceWasValidated() {
        User user = User.in(TestData.org(true));
        String token = user.enrollToken(UUID.randomUUID());
        JsonPath first = Api.enroll(token, "Pixel 8").statusCode(201).extract().jsonPath();
        JsonPath second = Api.enroll(token, "Other").statusCode(201).extract().jsonPath();
        Api.validate(token, first.getString("id"), Otp.now(first.getString("secret"))).statusCode(200);
        // the first device's validation ended the other pending enrollments of the user
        Api.validate(token, second.getString("id"), Otp.now(second.getString("secret"))).statusCode(404)
                .body("code", equalTo("enrollment_not_found"));
    }

    @Test
    void challengesWithACodeOnceAndWithEachRecoveryCodeOnce() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled device = Api.enrolled(user, "Pixel 8");
        UUID flow = UUID.randomUUID();
        String token = user.challengeToken(flow);

        String code = Otp.code(device.secret(), 1);
        String proof = Api.challengeCode(token, code).statusCode(200).extract().path("mfaProof");
        JwtClaims claims = Proofs.claims(proof);
        assertThat(claims.getClaimValueAsString("flow")).isEqualTo(flow.toString());
        assertThat(claims.getClaimValue("amr")).isEqualTo(List.of("otp"));
        // the same code again, even in another login
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), code).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_code"));

        String recovery = device.recoveryCodes().get(3);
        String recoveryProof = Api.challengeRecovery(token, recovery.toUpperCase()).statusCode(200)
                .extract().path("mfaProof");
        assertThat(Proofs.claims(recoveryProof).getClaimValue("amr")).isEqualTo(List.of("otp", "rcv"));
        Api.challengeRecovery(token, recovery).statusCode(400).body("code", equalTo("invalid_code"));
        Api.challengeRecovery(token, device.recoveryCodes().get(4)).statusCode(200);
        Api.challengeRecovery(token, "aaaaa-bbbbb").statusCode(400).body("code", equalTo("invalid_code"));
        assertThat(TestData.count("select count(*) from mfa.recovery_code where user_id = ? and used_at is not null",
                user.id())).isEqualTo(2);
    }

    @Test
    void acceptsCodesOfOneStepEitherSideAndAnyOfTheUsersDevices() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        Api.Enrolled tablet = Api.enrolled(user, "Tablet", phone.recoveryCodes().get(9));
        String token = user.challengeToken(UUID.randomUUID());
        Api.challengeCode(token, Otp.code(phone.secret(), -2)).statusCode(400).body("code", equalTo("invalid_code"));
        Api.challengeCode(token, Otp.code(phone.secret(), 2)).statusCode(400).body("code", equalTo("invalid_code"));
        Api.challengeCode(token, Otp.code(phone.secret(), -1)).statusCode(200);
        Api.challengeCode(token, Otp.code(phone.secret(), 1)).statusCode(200);
        Api.challengeCode(token, Otp.code(tablet.secret(), 1)).statusCode(200);
        Api.challengeCode(token, Otp.code(tablet.secret(), 1)).statusCode(400).body("code", equalTo("invalid_code"));
        // lastUsedAt is kept per device
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200)
                .body("lastUsedAt", hasSize(2));
    }

    @Test
    void locksAfterFiveWrongCodesInFiveMinutes() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        Api.Enrolled device = Api.enrolled(user, "Pixel 8");
        String token = user.challengeToken(UUID.randomUUID());
        String wrong = Otp.code(device.secret(), 10);
        for (int i = 0; i < 5; i++) {
            Api.challengeCode(token, wrong).statusCode(400).body("code", equalTo("invalid_code"));
        }
        // now even the right code is refused, and recovery codes too
        String retryAfter = Api.challengeCode(token, Otp.code(device.secret(), 1)).statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("too_many_attempts"))
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(290L, 300L);
        Api.challengeRecovery(token, device.recoveryCodes().get(0)).statusCode(429).body("code", equalTo("too_many_attempts"));
        // another user of the org is not affected
        User other = User.in(user.orgId());
        Api.Enrolled otherDevice = Api.enrolled(other, "Phone");
        Api.challengeCode(other.challengeToken(UUID.randomUUID()), Otp.code(otherDevice.secret(), 1)).statusCode(200);

        TestClock.INSTANCE.advance(Duration.ofMinutes(5).plusSeconds(1));
        Api.challengeCode(token, Otp.code(device.secret(), 1)).statusCode(200);
    }

    @Test
    void countsWrongValidationCodesToo() {
        User user = User.in(TestData.org(true));
        JsonPath created = Api.enroll(user.accessToken(), "Pixel 8").statusCode(201).extract().jsonPath();
        for (int i = 0; i < 5; i++) {
            Api.validate(user.accessToken(), created.getString("id"), "000000").statusCode(anyOf400());
        }
        Api.validate(user.accessToken(), created.getString("id"), Otp.now(created.getString("secret")))
                .statusCode(429).body("code", equalTo("too_many_attempts"));
    }

    /** "000000" might, once in a million, be the right code. */
    private static org.hamcrest.Matcher<Integer> anyOf400() {
        return org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(200));
    }

    @Test
    void answersNotEnrolledWhenTheUserHasNoDevice() {
        User user = User.in(TestData.org(true));
        // a pending enrollment is not a device
        Api.enroll(user.accessToken(), "Pending").statusCode(201);
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), "123456").statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("mfa_not_enrolled"));
        Api.challengeRecovery(user.challengeToken(UUID.randomUUID()), "aaaaa-bbbbb").statusCode(409)
                .body("code", equalTo("mfa_not_enrolled"));
    }

    @Test
    void letsEachTokenDoOnlyItsOwnStep() {
        User user = User.in(TestData.org(true));
        Api.Enrolled device = Api.enrolled(user, "Pixel 8");
        UUID flow = UUID.randomUUID();
        // a challenge token cannot enroll, validate or see a QR code
        Api.enroll(user.challengeToken(flow), "Second").statusCode(403).body("code", equalTo("token_not_accepted"));
        String pending = Api.enroll(user.accessToken(), "Pending", device.recoveryCodes().get(0)).statusCode(201)
                .extract().path("id");
        Api.validate(user.challengeToken(flow), pending, "123456").statusCode(403).body("code", equalTo("token_not_accepted"));
        Api.as(user.challengeToken(flow)).get("/api/v2/mfa/enrollments/{id}/qr.png", pending).then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        // an enroll token or an access token cannot challenge
        Api.challengeCode(user.enrollToken(flow), Otp.code(device.secret(), 1)).statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        Api.challengeCode(user.accessToken(), Otp.code(device.secret(), 1)).statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        // My Account and admin endpoints take no mfaToken
        for (String token : List.of(user.enrollToken(flow), user.challengeToken(flow))) {
            Api.as(token).get("/api/v2/mfa/devices").then().statusCode(403).body("code", equalTo("token_not_accepted"));
            Api.as(token).body("{\"name\":\"x\"}").patch("/api/v2/mfa/devices/{id}", device.deviceId()).then()
                    .statusCode(403).body("code", equalTo("token_not_accepted"));
            Api.as(token).delete("/api/v2/mfa/devices/{id}", device.deviceId()).then().statusCode(403)
                    .body("code", equalTo("token_not_accepted"));
            Api.as(token).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
    }

    @Test
    void refusesAnMfaTokenOfAnotherRegionOrWithoutFlow() {
        User user = User.in(TestData.org(true));
        Api.challengeCode(dev.threshold.mfa.support.Tokens.mfa(user, "challenge", UUID.randomUUID(),
                claims -> claims.claim("region", "eu-central-1")), "123456").statusCode(421)
                .body("code", equalTo("region_mismatch"));
        Api.challengeCode(dev.threshold.mfa.support.Tokens.mfa(user, "challenge", UUID.randomUUID(),
                claims -> claims.remove("flow")), "123456").statusCode(401).body("code", equalTo("unauthorized"));
        Api.challengeCode(dev.threshold.mfa.support.Tokens.mfa(user, "login", UUID.randomUUID()), "123456")
                .statusCode(401).body("code", equalTo("unauthorized"));
        Api.challengeCode(dev.threshold.mfa.support.Tokens.mfa(user, "challenge", UUID.randomUUID(),
                claims -> claims.expiresAt(Instant.now().minusSeconds(60))), "123456").statusCode(401)
                .body("code", equalTo("unauthorized"));
    }
}
