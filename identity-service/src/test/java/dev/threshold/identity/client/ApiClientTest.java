package dev.threshold.identity.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiClientTest {

    @Test
    void createsAClientWhoseSecretIsShownOnceAndGetsTokens() {
        Accounts.Org org = Accounts.newOrg("clients");
        String admin = Tokens.admin(org.id().toString());
        var created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "nightly import", "roles", List.of("admin")))
                .post("/api/v2/oauth/clients").then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("clientId", notNullValue()).body("clientSecret", notNullValue())
                .extract().jsonPath();
        String clientId = created.getString("clientId");
        String secret = created.getString("clientSecret");

        given().auth().oauth2(admin).get("/api/v2/oauth/clients").then().statusCode(200)
                .body("entities.clientId", hasItem(clientId)).body("entities[0].clientSecret", nullValue());
        given().auth().oauth2(admin).get("/api/v2/oauth/clients/" + clientId).then().statusCode(200)
                .body("name", equalTo("nightly import")).body("clientSecret", nullValue());

        // HTTP Basic (RFC 6749 2.3.1: form-encoded, then base64)
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        String token = given().header("Authorization", "Basic " + basic).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(300))
                .extract().path("access_token");
        // form credentials
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret).post("/oauth/token").then()
                .statusCode(200).body("access_token", notNullValue());

        // the client's token is an org admin token: it lists the org's users
        given().auth().oauth2(token).get("/api/v2/users").then().statusCode(200);

        given().auth().oauth2(admin).delete("/api/v2/oauth/clients/" + clientId).then().statusCode(204);
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret).post("/oauth/token").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void theTokenEndpointSpeaksRfc6749Errors() {
        Accounts.Org org = Accounts.newOrg("oauth-errors");
        var created = given().auth().oauth2(Tokens.admin(org.id().toString())).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "roles", List.of("user"))).post("/api/v2/oauth/clients").then()
                .statusCode(201).extract().jsonPath();
        String clientId = created.getString("clientId");
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", "wrong").post("/oauth/token").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic(clientId, "wrong").contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"threshold\"");
        given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", clientId).formParam("client_secret", "x").post("/oauth/token").then()
                .statusCode(400).body("error", equalTo("unsupported_grant_type"));
        given().contentType(ContentType.URLENC).formParam("client_id", clientId).post("/oauth/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic(clientId, "x").contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId).post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().header("Authorization", "Basic %%%").contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(401);
    }

    @Test
    void clientsAreTheOrgsAndAdminsOnly() {
        Accounts.Org a = Accounts.newOrg("clients-a");
        Accounts.Org b = Accounts.newOrg("clients-b");
        String clientOfA = given().auth().oauth2(Tokens.admin(a.id().toString())).contentType(ContentType.JSON)
                .body(Map.of("name", "a", "roles", List.of("admin"))).post("/api/v2/oauth/clients").then()
                .statusCode(201).extract().path("clientId");
        String adminB = Tokens.admin(b.id().toString());
        given().auth().oauth2(adminB).get("/api/v2/oauth/clients/" + clientOfA).then().statusCode(404)
                .body("code", equalTo("api_client_not_found"));
        given().auth().oauth2(adminB).delete("/api/v2/oauth/clients/" + clientOfA).then().statusCode(404).body("code", equalTo("api_client_not_found"));
        given().auth().oauth2(adminB).get("/api/v2/oauth/clients").then().body("entities.clientId",
                not(hasItem(clientOfA)));
        given().auth().oauth2(Tokens.user(a.id().toString())).get("/api/v2/oauth/clients").then().statusCode(403).body("code", equalTo("forbidden"));
        given().get("/api/v2/oauth/clients").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void creationRefusesBadInput() {
        String admin = Tokens.admin(Accounts.newOrg("clients-bad").id().toString());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of("root")))
                .post("/api/v2/oauth/clients").then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("admin")))
                .post("/api/v2/oauth/clients").then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "roles", List.of()))
                .post("/api/v2/oauth/clients").then().statusCode(400).body("code", equalTo("validation_failed"));
    }
}
