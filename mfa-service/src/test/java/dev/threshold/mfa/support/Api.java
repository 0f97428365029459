package dev.threshold.mfa.support;

import static io.restassured.RestAssured.given;

import dev.threshold.testing.SoftAuthenticator;
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

    // ---------------------------------------------------------------- passkeys

    /** The origin the SPA is served from in the tests (%test public base URL). */
    public static final String ORIGIN = "http://localhost:8080";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public static ValidatableResponse enrollPasskey(String token, String name, String stepUpCode) {
        RequestSpecification request = as(token);
        if (stepUpCode != null) {
            request = request.header("X-MFA-Code", stepUpCode);
        }
        return request.body(Map.of("name", name, "type", "webauthn")).post("/api/v2/mfa/enrollments").then();
    }

    public static ValidatableResponse validatePasskey(String token, String enrollmentId, Map<String, Object> credential) {
        return as(token).body(Map.of("credential", credential)).post("/api/v2/mfa/enrollments/{id}/validate", enrollmentId)
                .then();
    }

    /** POST /api/v2/mfa/challenge/options: the login's (mfaToken) or a step-up's (access token). */
    public static ValidatableResponse passkeyOptions(String token) {
        return given().auth().oauth2(token).post("/api/v2/mfa/challenge/options").then();
    }

    public static ValidatableResponse challengePasskey(String token, Map<String, Object> credential) {
        return as(token).body(Map.of("credential", credential)).post("/api/v2/mfa/challenge").then();
    }

    /** The {@code publicKey} options of a response, as the browser gets them. */
    public static Map<String, Object> publicKey(ValidatableResponse response) {
        return response.extract().jsonPath().getMap("publicKey");
    }

    /** An assertion for a step-up: fresh options with the access token, signed, as X-MFA-Code's JSON. */
    public static String passkeyStepUp(User user, SoftAuthenticator authenticator) {
        return json(authenticator.authenticate(publicKey(passkeyOptions(user.accessToken()).statusCode(200))));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validated passkey of the user, enrolled from My Account (a further one with {@code stepUpCode}). */
    public static Passkey passkey(User user, String name, String stepUpCode) {
        SoftAuthenticator authenticator = new SoftAuthenticator(ORIGIN);
        JsonPath enrollment = enrollPasskey(user.accessToken(), name, stepUpCode).statusCode(201).extract().jsonPath();
        JsonPath validated = validatePasskey(user.accessToken(), enrollment.getString("id"),
                authenticator.register(enrollment.getMap("publicKey"))).statusCode(200).extract().jsonPath();
        return new Passkey(enrollment.getString("id"), authenticator, validated.getList("recoveryCodes", String.class));
    }

    public record Passkey(String deviceId, SoftAuthenticator authenticator, List<String> recoveryCodes) {
    }
}
