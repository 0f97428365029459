package dev.threshold.mfa.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** HTTP calls of the tests, as the SPA would make them. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static ValidatableResponse enroll(String token, String name) {
        return as(token).body(Map.of("name", name)).post("/api/v2/mfa/enrollments").then();
    }

    public static ValidatableResponse validate(String token, String enrollmentId, String code) {
        return as(token).body(Map.of("code", code)).post("/api/v2/mfa/enrollments/{id}/validate", enrollmentId).then();
    }

    public static ValidatableResponse challengeCode(String token, String code) {
        return as(token).body(Map.of("code", code)).post("/api/v2/mfa/challenge").then();
    }

    public static ValidatableResponse challengeRecovery(String token, String recoveryCode) {
        return as(token).body(Map.of("recoveryCode", recoveryCode)).post("/api/v2/mfa/challenge").then();
    }

    /** A validated device of the user, enrolled from My Account; uses the current step of its secret. */
    public static Enrolled enrolled(User user, String name) {
        JsonPath enrollment = enroll(user.accessToken(), name).statusCode(201).extract().jsonPath();
        String secret = enrollment.getString("secret");
        JsonPath validated = validate(user.accessToken(), enrollment.getString("id"), Otp.now(secret))
                .statusCode(200).extract().jsonPath();
        return new Enrolled(enrollment.getString("id"), secret, validated.getList("recoveryCodes", String.class));
    }

    public record Enrolled(String deviceId, String secret, List<String> recoveryCodes) {
    }
}
