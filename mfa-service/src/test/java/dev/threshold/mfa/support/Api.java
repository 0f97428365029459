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

    /** Enrollment with a step-up code in {@code X-MFA-Code} (a further device from My Account). */
    public static ValidatableResponse enroll(String token, String name, String stepUpCode) {
        return as(token).header("X-MFA-Code", stepUpCode).body(Map.of("name", name)).post("/api/v2/mfa/enrollments").then();
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
        return enrolled(user, name, null);
    }

    /**
     * A further validated device, the step-up code (e.g. an unused recovery code of the first
     * device) in {@code X-MFA-Code}; its {@code recoveryCodes} are null (a further device gets none).
     */
    public static Enrolled enrolled(User user, String name, String stepUpCode) {
        JsonPath enrollment = (stepUpCode == null ? enroll(user.accessToken(), name) : enroll(user.accessToken(), name, stepUpCode))
                .statusCode(201).extract().jsonPath();
        String secret = enrollment.getString("secret");
        JsonPath validated = validate(user.accessToken(), enrollment.getString("id"), Otp.now(secret))
                .statusCode(200).extract().jsonPath();
        return new Enrolled(enrollment.getString("id"), secret, validated.getList("recoveryCodes", String.class));
    }

    public static ValidatableResponse deleteDevice(String token, String deviceId, String stepUpCode) {
        RequestSpecification request = as(token);
        if (stepUpCode != null) {
            request = request.header("X-MFA-Code", stepUpCode);
        }
        return request.delete("/api/v2/mfa/devices/{id}", deviceId).then();
    }

    public static ValidatableResponse recoveryCodes(String token) {
        return as(token).get("/api/v2/mfa/recovery-codes").then();
    }

    public static ValidatableResponse regenerateRecoveryCodes(String token, String stepUpCode) {
        RequestSpecification request = as(token);
        if (stepUpCode != null) {
            request = request.header("X-MFA-Code", stepUpCode);
        }
        return request.post("/api/v2/mfa/recovery-codes").then();
    }

    public record Enrolled(String deviceId, String secret, List<String> recoveryCodes) {
    }
}
