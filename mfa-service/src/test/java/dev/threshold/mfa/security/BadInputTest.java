package dev.threshold.mfa.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every endpoint answers bad input with a problem naming the field, and a malformed id with 404. */
@QuarkusTest
class BadInputTest {

    @Test
    void enrollment() {
        String token = User.in(TestData.org(false)).accessToken();
        fieldError(Api.as(token).body("{}").post("/api/v2/mfa/enrollments").then(), "/name", "required");
        fieldError(Api.as(token).body("{\"name\":\"a\",\"colour\":\"red\"}").post("/api/v2/mfa/enrollments").then(),
                "/colour", "unknown_field");
        fieldError(Api.as(token).body("{\"name\":[1]}").post("/api/v2/mfa/enrollments").then(), "/name", "invalid_type");
        Api.as(token).body("{\"name\":").post("/api/v2/mfa/enrollments").then().statusCode(400)
                .body("code", equalTo("malformed_json"));
        Api.as(token).body("").post("/api/v2/mfa/enrollments").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation_failed"));
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("name=x").post("/api/v2/mfa/enrollments").then()
                .statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void qrCode() {
        String token = User.in(TestData.org(false)).accessToken();
        given().auth().oauth2(token).get("/api/v2/mfa/enrollments/{id}/qr.png", "nope").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        given().auth().oauth2(token).get("/api/v2/mfa/enrollments/{id}/qr.png", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("enrollment_not_found"));
    }

    @Test
    void validate() {
        User user = User.in(TestData.org(false));
        String id = Api.enroll(user.accessToken(), "Phone").statusCode(201).extract().path("id");
        for (String code : new String[] {"12345", "1234567", "12 345", "abcdef", "", "１２３４５６"}) {
            try {
                fieldError(Api.validate(user.accessToken(), id, code), "/code", "pattern");
            } catch (AssertionError e) {
                throw new AssertionError("code [" + code + "]: " + e.getMessage(), e);
            }
        }
        fieldError(Api.as(user.accessToken()).body("{}").post("/api/v2/mfa/enrollments/{id}/validate", id).then(),
                "/code", "required");
        fieldError(Api.as(user.accessToken()).body("{\"code\":[\"123456\"]}").post("/api/v2/mfa/enrollments/{id}/validate", id)
                .then(), "/code", "invalid_type");
        Api.validate(user.accessToken(), "not-a-uuid", "123456").statusCode(404).body("code", equalTo("not_found"));
        // none of these counted as a wrong code
        org.assertj.core.api.Assertions.assertThat(TestData.count(
                "select count(*) from mfa.failed_attempt where user_id = ?", user.id())).isZero();
    }

    @Test
    void challenge() {
        String token = User.in(TestData.org(true)).challengeToken(UUID.randomUUID());
        fieldError(Api.as(token).body("{}").post("/api/v2/mfa/challenge").then(), "/code", "required");
        fieldError(Api.as(token).body("{\"code\":\"123456\",\"recoveryCode\":\"abcde-fghjk\"}").post("/api/v2/mfa/challenge")
                .then(), "/recoveryCode", "exclusive");
        fieldError(Api.challengeCode(token, "12345"), "/code", "pattern");
        fieldError(Api.challengeRecovery(token, ""), "/recoveryCode", "size");
        fieldError(Api.challengeRecovery(token, "x".repeat(33)), "/recoveryCode", "size");
        fieldError(Api.as(token).body("{\"otp\":\"123456\"}").post("/api/v2/mfa/challenge").then(), "/otp", "unknown_field");
    }

    @Test
    void devices() {
        User user = User.in(TestData.org(false));
        Api.Enrolled phone = Api.enrolled(user, "Phone");
        String id = phone.deviceId();
        String token = user.accessToken();
        fieldError(Api.as(token).body("{}").patch("/api/v2/mfa/devices/{id}", id).then(), "/name", "required");
        fieldError(Api.as(token).body("{\"name\":\"" + "n".repeat(65) + "\"}").patch("/api/v2/mfa/devices/{id}", id).then(),
                "/name", "size");
        fieldError(Api.as(token).body("{\"name\":\"  \"}").patch("/api/v2/mfa/devices/{id}", id).then(), "/name", "required");
        Api.as(token).body("{\"name\":\"x\"}").patch("/api/v2/mfa/devices/{id}", "nope").then().statusCode(404)
                .body("code", equalTo("not_found"));
        Api.as(token).delete("/api/v2/mfa/devices/{id}", "nope").then().statusCode(404).body("code", equalTo("not_found"));
        Api.as(token).body("{\"name\":\"x\"}").patch("/api/v2/mfa/devices/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("device_not_found"));
        // the step-up comes first: without a code nothing is looked up
        Api.deleteDevice(token, UUID.randomUUID().toString(), null).statusCode(403).body("code", equalTo("step_up_required"));
        Api.deleteDevice(token, UUID.randomUUID().toString(), phone.recoveryCodes().get(0)).statusCode(404)
                .body("code", equalTo("device_not_found"));
        // a pending enrollment is not a device
        String pending = Api.enroll(token, "Pending", phone.recoveryCodes().get(1)).statusCode(201).extract().path("id");
        Api.deleteDevice(token, pending, phone.recoveryCodes().get(2)).statusCode(404).body("code", equalTo("device_not_found"));
        // a code spent on a request that failed (404) is not used up
        Api.recoveryCodes(token).statusCode(200).body("remaining", equalTo(9));
        given().auth().oauth2(token).post("/api/v2/mfa/devices").then().statusCode(405)
                .body("code", equalTo("method_not_allowed"));
    }

    @Test
    void localizesDetails() {
        String token = User.in(TestData.org(true)).challengeToken(UUID.randomUUID());
        Api.as(token).header("Accept-Language", "de").body("{\"code\":\"123456\"}").post("/api/v2/mfa/challenge").then()
                .statusCode(409).body("code", equalTo("mfa_not_enrolled")).body("detail", equalTo("Sie haben noch kein Authenticator-Gerät. Registrieren Sie zuerst eines."));
        Api.as(token).header("Accept-Language", "fr").body("{}").post("/api/v2/mfa/challenge").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].detail", equalTo("Ce champ est obligatoire."));
    }

    private static void fieldError(io.restassured.response.ValidatableResponse response, String pointer, String rule) {
        response.statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo(pointer)).body("errors[0].code", equalTo(rule));
    }
}
