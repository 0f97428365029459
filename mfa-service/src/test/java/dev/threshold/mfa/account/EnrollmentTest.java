package dev.threshold.mfa.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.mfa.crypto.SecretCipher;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.housekeeping.Housekeeping;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import dev.threshold.mfa.totp.Base32;
import dev.threshold.mfa.totp.QrDecoder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EnrollmentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Housekeeping housekeeping;

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void enrollsANamedDeviceWhoseQrCodeCarriesExactlyTheReturnedUri() throws Exception {
        User user = User.in(TestData.org(true));
        JsonPath created = Api.enroll(user.accessToken(), "  Pixel 8  ").statusCode(201)
                .header("Cache-Control", "no-store")
                .body("name", equalTo("Pixel 8")).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Base32.decode(secret)).hasSize(20);
        String uri = created.getString("otpauthUri");
        assertThat(uri).isEqualTo("otpauth://totp/Threshold:" + user.email().replace("@", "%40") + "?secret=" + secret
                + "&issuer=Threshold&algorithm=SHA1&digits=6&period=30");
        assertThat(QrDecoder.decodeDataUri(created.getString("qrCode"))).isEqualTo(uri);

        byte[] png = given().auth().oauth2(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", id).then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(QrDecoder.decode(png)).isEqualTo(uri);

        // another user never sees it, nor does anyone once it is validated
        User other = User.in(user.orgId());
        given().auth().oauth2(other.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", id).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("enrollment_not_found"));
        Api.validate(other.accessToken(), id, Otp.now(secret)).statusCode(404).body("code", equalTo("enrollment_not_found"));

        List<String> recoveryCodes = Api.validate(user.accessToken(), id, Otp.now(secret)).statusCode(200)
                .extract().jsonPath().getList("recoveryCodes", String.class);
        given().auth().oauth2(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", id).then()
                .statusCode(404).body("code", equalTo("enrollment_not_found"));
        // two enrollments never share a secret (a further device: with a step-up code)
        assertThat(Api.enroll(user.accessToken(), "Backup", recoveryCodes.get(0)).statusCode(201).extract().path("secret")
                .toString()).isNotEqualTo(secret);
    }

    @Test
    void validatesWithACodeAndReturnsTenRecoveryCodesOnce() throws Exception {
        User user = User.in(TestData.org(true));
        try (BrokerTap tap = BrokerTap.listen("mfa.enrolled")) {
            JsonPath created = Api.enroll(user.accessToken(), "Pixel 8").statusCode(201).extract().jsonPath();
            String secret = created.getString("secret");
            JsonPath validated = Api.validate(user.accessToken(), created.getString("id"), Otp.now(secret))
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("device.id", equalTo(created.getString("id")))
                    .body("device.name", equalTo("Pixel 8"))
                    .body("device.default", equalTo(true))
                    .body("recoveryCodes", hasSize(10))
                    .body("mfaProof", nullValue())
                    .extract().jsonPath();
            List<String> codes = validated.getList("recoveryCodes", String.class);
            assertThat(new HashSet<>(codes)).hasSize(10);
            assertThat(codes).allMatch(code -> code.matches("[0-9a-z]{4}(-[0-9a-z]{4}){4}"));
            assertThat(validated.getString("device.createdAt")).isNotBlank();

            JsonNode event = tap.await(e -> user.id().equals(e.path("data").path("userId").asText()), WAIT);
            assertThat(event.path("type").asText()).isEqualTo("threshold.mfa.enrolled.v1");
            assertThat(event.path("subject").asText()).isEqualTo(user.id());
            assertThat(event.path("orgid").asText()).isEqualTo(user.orgId().toString());
            assertThat(event.path("data").path("orgId").asText()).isEqualTo(user.orgId().toString());
            assertThat(event.path("data").path("deviceId").asText()).isEqualTo(created.getString("id"));
            assertThat(event.path("data").path("deviceName").asText()).isEqualTo("Pixel 8");
            assertThat(event.path("data").path("devices").asInt()).isEqualTo(1);
            assertThat(event.toString()).doesNotContain(secret).doesNotContain(codes.get(0));

            // a second device: not the default, the count grows
            Api.Enrolled second = Api.enrolled(user, "iPhone", codes.get(9));
            assertThat(second.recoveryCodes()).isNullOrEmpty();
            JsonNode next = tap.await(e -> second.deviceId().equals(e.path("data").path("deviceId").asText()), WAIT);
            assertThat(next.path("data").path("devices").asInt()).isEqualTo(2);
        }
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200)
                .body("name", equalTo(List.of("Pixel 8", "iPhone"))).body("default", equalTo(List.of(true, false)));
        // the second device kept the first set: 10 codes, the one used for the step-up spent
        assertThat(TestData.count("select count(*) from mfa.recovery_code where user_id = ?", user.id())).isEqualTo(10);
        Api.recoveryCodes(user.accessToken()).statusCode(200).body("remaining", equalTo(9));
    }

    @Test
    void refusesAWrongCodeAndTheSameCodeTwice() {
        User user = User.in(TestData.org(true));
        Otp.pinMidStep();
        JsonPath created = Api.enroll(user.accessToken(), "Pixel 8").statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        Api.validate(user.accessToken(), id, Otp.code(secret, 5)).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_code"));
        Api.validate(user.accessToken(), id, Otp.code(secret, -1)).statusCode(200);
        // the step used to validate does not open the login challenge again
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), Otp.code(secret, -1)).statusCode(400)
                .body("code", equalTo("invalid_code"));
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), Otp.code(secret, 0)).statusCode(200);
    }

    @Test
    void storesTheSecretEncryptedUnderTheActiveKeyAndItSurvivesARotation() {
        User user = User.in(TestData.org(false));
        JsonPath created = Api.enroll(user.accessToken(), "Pixel 8").statusCode(201).extract().jsonPath();
        String secret = created.getString("secret");
        Map<String, Object> row = TestData.query("select * from mfa.device where id = ?", UUID.fromString(created.getString("id")))
                .get(0);
        byte[] ciphertext = (byte[]) row.get("secret_ciphertext");
        byte[] raw = Base32.decode(secret);
        assertThat(row.get("secret_kid")).isEqualTo("test-k1");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((byte[]) row.get("secret_nonce"))).hasSize(12);
        assertThat(ciphertext).hasSize(raw.length + 16);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(new String(raw, StandardCharsets.ISO_8859_1));
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(secret);

        // the row written under test-k1 decrypts once k2 is active and test-k1 is a previous key
        String k1 = ConfigProvider.getConfig().getValue("threshold.mfa.encryption.key", String.class);
        String k2 = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        SecretCipher rotated = new SecretCipher("k2", k2, "test-k1:" + k1);
        SecretCipher.Sealed sealed = new SecretCipher.Sealed("test-k1", (byte[]) row.get("secret_nonce"), ciphertext);
        assertThat(rotated.decrypt(sealed, Device.associatedData((UUID) row.get("id"), user.id()))).isEqualTo(raw);
        assertThat(rotated.encrypt(raw, "x").kid()).isEqualTo("k2");
        // a tampered row does not decrypt
        ciphertext[3] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rotated.decrypt(sealed,
                Device.associatedData((UUID) row.get("id"), user.id()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forgetsPendingEnrollmentsAfterTheirLifetime() throws Throwable {
        User user = User.in(TestData.org(true));
        // enrolled 16 minutes ago: expired now, in real time, so the purge below touches nothing
        // that other tests (or another run on the same database) still need
        TestClock.INSTANCE.advance(Duration.ofMinutes(-16));
        JsonPath created = Api.enroll(user.accessToken(), "Pixel 8").statusCode(201).extract().jsonPath();
        TestClock.INSTANCE.reset();
        String id = created.getString("id");
        Api.validate(user.accessToken(), id, Otp.now(created.getString("secret"))).statusCode(410)
                .body("code", equalTo("enrollment_expired"));
        given().auth().oauth2(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", id).then()
                .statusCode(410).body("code", equalTo("enrollment_expired"));
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> housekeeping.purge());
        assertThat(TestData.count("select count(*) from mfa.device where id = ?", UUID.fromString(id))).isZero();
        Api.validate(user.accessToken(), id, Otp.now(created.getString("secret"))).statusCode(404)
                .body("code", equalTo("enrollment_not_found"));
    }

    @Test
    void keepsDeviceNamesUniquePerUser() {
        User user = User.in(TestData.org(true));
        List<String> codes = Api.enrolled(user, "Pixel 8").recoveryCodes();
        Api.enroll(user.accessToken(), "pixel 8 ", codes.get(0)).statusCode(409).body("code", equalTo("device_name_taken"));
        // another user may use the same name
        Api.enroll(User.in(user.orgId()).accessToken(), "Pixel 8").statusCode(201);
        // a pending enrollment retried under the same name replaces the first
        String first = Api.enroll(user.accessToken(), "Tablet", codes.get(1)).statusCode(201).extract().path("id");
        String second = Api.enroll(user.accessToken(), "Tablet", codes.get(2)).statusCode(201).extract().path("id");
        assertThat(TestData.count("select count(*) from mfa.device where id = ?", UUID.fromString(first))).isZero();
        assertThat(TestData.count("select count(*) from mfa.device where id = ?", UUID.fromString(second))).isOne();
    }

    @Test
    void keepsAtMostFivePendingEnrollmentsPerUser() {
        User user = User.in(TestData.org(false));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(Api.enroll(user.accessToken(), "Device " + i).statusCode(201).extract().path("id"));
        }
        assertThat(TestData.count("select count(*) from mfa.device where user_id = ? and status = 'PENDING'", user.id()))
                .isEqualTo(5);
        given().auth().oauth2(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", ids.get(0)).then()
                .statusCode(404).body("code", equalTo("enrollment_not_found"));
        given().auth().oauth2(user.accessToken()).get("/api/v2/mfa/enrollments/{id}/qr.png", ids.get(6)).then()
                .statusCode(200);
    }

    @Test
    void acceptsNamesOfOneToSixtyFourCharactersOnly() {
        User user = User.in(TestData.org(false));
        String token = user.accessToken();
        Api.enroll(token, "x".repeat(64)).statusCode(201).body("name", equalTo("x".repeat(64)));
        Api.enroll(token, " " + "y".repeat(64) + " ").statusCode(201);
        for (Object[] bad : new Object[][] {{"z".repeat(65), "size"}, {"", "required"}, {"   ", "required"},
                {"a\u0000b", "pattern"}, {"tab\tname", "pattern"}}) {
            Api.enroll(token, (String) bad[0]).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"))
                    .body("errors[0].pointer", equalTo("/name")).body("errors[0].code", equalTo(bad[1]));
        }
    }
}
