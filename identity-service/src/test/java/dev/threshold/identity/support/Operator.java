package dev.threshold.identity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** Calls made as the operator in tests, with unique names so runs never collide. */
public final class Operator {

    public static final String TOKEN = "test-operator-token-0123456789";

    private Operator() {
    }

    public static String uniqueOrgName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static ValidatableResponse createOrg(String name) {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "adminEmail", "admin@" + name + ".test", "adminName", "Ada", "locale", "de"))
                .post("/api/v2/orgs").then();
    }
}
