package dev.threshold.invitation.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** HTTP calls of the tests, as an org admin would make them. */
public final class Api {

    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static Map<String, Object> invitation(String email, String name, List<String> roles, String locale) {
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("email", email);
        body.put("name", name);
        if (roles != null) {
            body.put("roles", roles);
        }
        if (locale != null) {
            body.put("locale", locale);
        }
        return body;
    }

    public static ValidatableResponse create(String token, String email) {
        return as(token).body(invitation(email, "Grace Hopper", List.of("user"), "en")).post("/api/v2/invitations").then();
    }

    public static String createId(String token, String email) {
        return create(token, email).statusCode(201).extract().path("id");
    }

    public static ValidatableResponse lookup(String invitationToken) {
        return given().queryParam("token", invitationToken).get("/api/v2/invitations/lookup").then();
    }

    public static ValidatableResponse redeem(String invitationToken) {
        return given().header("Authorization", "Internal " + INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("token", invitationToken)).post("/internal/invitations/redeem").then();
    }
}
