package dev.threshold.invitation.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.common.testing.TestTokens;
import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.TestData;
import dev.threshold.invitation.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every admin endpoint wants a valid admin access token; public and internal ones want none. */
@QuarkusTest
class AuthenticationTest {

    private static final String SOME_ID = UUID.randomUUID().toString();

    /** Each admin endpoint, called with whatever the request carries. */
    private static final List<Function<RequestSpecification, ValidatableResponse>> ADMIN_ENDPOINTS = List.of(
            r -> r.contentType(ContentType.JSON).body(Map.of("email", "a@example.test", "name", "A"))
                    .post("/api/v2/invitations").then(),
            r -> r.contentType(ContentType.JSON).body(Map.of("invitations", List.of(Map.of("email", "a@example.test",
                    "name", "A")))).post("/api/v2/invitations/bulk").then(),
            r -> r.get("/api/v2/invitations").then(),
            r -> r.get("/api/v2/invitations/{id}", SOME_ID).then(),
            r -> r.post("/api/v2/invitations/{id}/resend", SOME_ID).then(),
            r -> r.delete("/api/v2/invitations/{id}", SOME_ID).then());

    @Test
    void answersUnauthorizedProblemWhenTokenIsMissing() {
        for (var endpoint : ADMIN_ENDPOINTS) {
            endpoint.apply(given()).statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void answersUnauthorizedWhenTokenCannotBeVerified() {
        String org = TestData.org().id().toString();
        List<String> bad = List.of(
                "not-a-jwt",
                Tokens.foreignKey(org),
                Tokens.admin(org, claims -> claims.expiresAt(Instant.now().minusSeconds(3600))),
                Tokens.admin(org, claims -> claims.audience("someone-else")),
                Tokens.admin(org, claims -> claims.issuer("https://evil.example/regions/us-east-1")));
        for (String token : bad) {
            for (var endpoint : ADMIN_ENDPOINTS) {
                endpoint.apply(given().auth().oauth2(token)).statusCode(401)
                        .contentType("application/problem+json").body("code", equalTo("unauthorized"));
            }
        }
        // not a bearer at all
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v2/invitations").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void answersForbiddenProblemWhenCallerIsNotAdmin() {
        String token = TestTokens.user(TestData.org().id().toString());
        for (var endpoint : ADMIN_ENDPOINTS) {
            endpoint.apply(given().auth().oauth2(token)).statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("forbidden"));
        }
    }

    @Test
    void refusesAdminTokenWithoutOrganization() {
        String token = Tokens.admin("ignored", claims -> claims.remove("org"));
        for (var endpoint : ADMIN_ENDPOINTS) {
            endpoint.apply(given().auth().oauth2(token)).statusCode(403).body("code", equalTo("org_claim_missing"));
        }
        String notUuid = Tokens.admin("not-a-uuid", claims -> claims);
        given().auth().oauth2(notUuid).get("/api/v2/invitations").then().statusCode(403)
                .body("code", equalTo("org_claim_missing"));
    }

    @Test
    void refusesTokenOfAnotherRegion() {
        String org = TestData.org().id().toString();
        String token = Tokens.admin(org, claims -> claims.claim("region", "eu-central-1"));
        given().auth().oauth2(token).get("/api/v2/invitations").then().statusCode(421)
                .body("code", equalTo("region_mismatch"));
    }

    @Test
    void servesPublicEndpointsWithoutBearerAndIgnoresABadOne() {
        given().get("/api/v2/invitations/service-info").then().statusCode(200)
                .body("service", equalTo("invitation-service")).body("region", equalTo("us-east-1"));
        given().auth().oauth2("garbage").get("/api/v2/invitations/service-info").then().statusCode(200);
        Api.lookup("A".repeat(43)).statusCode(404).body("code", equalTo("invitation_not_found"));
        given().auth().oauth2("garbage").queryParam("token", "A".repeat(43)).get("/api/v2/invitations/lookup").then()
                .statusCode(404).body("code", equalTo("invitation_not_found"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/live").then().statusCode(200);
        given().baseUri(ManagementInterface.baseUri()).auth().oauth2("garbage").get("/q/health/ready")
                .then().statusCode(200);
    }

    @Test
    void acceptsApiClientTokenWithAdminRole() {
        TestData.Org org = TestData.org();
        // API clients have no email claim: the email names "your administrator"
        String token = Tokens.admin(org.id().toString(), claims -> claims.remove("email"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("email", org.email("client"), "name", "Via API")).post("/api/v2/invitations").then()
                .statusCode(201);
    }
}
