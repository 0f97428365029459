package dev.threshold.mfa.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.Tokens;
import dev.threshold.mfa.support.User;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * quarkus-oidc with {@code token.audience=threshold,threshold-mfa}: either audience opens the
 * door (what each may do is Caller's business), any other is refused, as is anything unverifiable.
 */
@QuarkusTest
class AuthenticationTest {

    private static final String SOME_ID = UUID.randomUUID().toString();

    private static final List<Function<RequestSpecification, ValidatableResponse>> ENDPOINTS = List.of(
            r -> r.contentType(ContentType.JSON).body(Map.of("name", "Pixel")).post("/api/v2/mfa/enrollments").then(),
            r -> r.get("/api/v2/mfa/enrollments/{id}/qr.png", SOME_ID).then(),
            r -> r.contentType(ContentType.JSON).body(Map.of("code", "123456"))
                    .post("/api/v2/mfa/enrollments/{id}/validate", SOME_ID).then(),
            r -> r.contentType(ContentType.JSON).body(Map.of("code", "123456")).post("/api/v2/mfa/challenge").then(),
            r -> r.get("/api/v2/mfa/devices").then(),
            r -> r.contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/api/v2/mfa/devices/{id}", SOME_ID).then(),
            r -> r.delete("/api/v2/mfa/devices/{id}", SOME_ID).then(),
            r -> r.get("/api/v2/mfa/recovery-codes").then(),
            r -> r.post("/api/v2/mfa/recovery-codes").then(),
            r -> r.delete("/api/v2/mfa/users/{id}/devices", SOME_ID).then());

    @Test
    void answersUnauthorizedProblemWithoutToken() {
        for (var endpoint : ENDPOINTS) {
            endpoint.apply(given()).statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void answersUnauthorizedWhenTheTokenCannotBeVerifiedOrIsForSomeoneElse() {
        User user = User.adminOf(TestData.org(true));
        UUID flow = UUID.randomUUID();
        List<String> bad = List.of(
                "not-a-jwt",
                Tokens.foreignKey(user),
                Tokens.access(user, claims -> claims.expiresAt(Instant.now().minusSeconds(3600))),
                Tokens.access(user, claims -> claims.audience("someone-else")),
                Tokens.access(user, claims -> claims.audience("threshold-identity")),
                Tokens.access(user, claims -> claims.issuer("https://evil.example/regions/us-east-1")),
                Tokens.mfa(user, "challenge", flow, claims -> claims.audience("someone-else")),
                // one token for both audiences would open My Account with an mfaToken
                Tokens.access(user, claims -> claims.audience(Set.of("threshold", "threshold-mfa"))));
        for (String token : bad) {
            for (var endpoint : ENDPOINTS) {
                endpoint.apply(given().auth().oauth2(token)).statusCode(401)
                        .contentType("application/problem+json").body("code", equalTo("unauthorized"));
            }
        }
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v2/mfa/devices").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void acceptsEitherAudience() {
        User user = User.in(TestData.org(true));
        Api.as(user.accessToken()).get("/api/v2/mfa/devices").then().statusCode(200);
        // past authentication, an mfaToken is told what it may not do (403), not that it is unknown (401)
        Api.as(user.challengeToken(UUID.randomUUID())).get("/api/v2/mfa/devices").then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        Api.challengeCode(user.challengeToken(UUID.randomUUID()), "123456").statusCode(not(equalTo(401)))
                .body("code", equalTo("mfa_not_enrolled"));
        // an access token that names audiences beside ours is still ours
        Api.as(Tokens.access(user, claims -> claims.audience(Set.of("threshold", "something-else"))))
                .get("/api/v2/mfa/devices").then().statusCode(200);
    }

    @Test
    void refusesTokensOfAnotherRegionOrWithoutOrg() {
        User user = User.in(TestData.org(true));
        Api.as(Tokens.access(user, claims -> claims.claim("region", "eu-central-1"))).get("/api/v2/mfa/devices").then()
                .statusCode(421).body("code", equalTo("region_mismatch"));
        Api.as(Tokens.access(user, claims -> claims.remove("org"))).get("/api/v2/mfa/devices").then()
                .statusCode(403).body("code", equalTo("org_claim_missing"));
        Api.as(Tokens.access(user, claims -> claims.claim("org", "not-a-uuid"))).get("/api/v2/mfa/devices").then()
                .statusCode(403).body("code", equalTo("org_claim_missing"));
    }

    @Test
    void leavesServiceInfoAndHealthOpen() {
        given().get("/api/v2/mfa/service-info").then().statusCode(200);
        given().auth().oauth2("not-a-jwt").get("/api/v2/mfa/service-info").then().statusCode(200);
        String openapi = given().baseUri(ManagementInterface.baseUri()).get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(openapi).contains("/api/v2/mfa/enrollments",
                "/api/v2/mfa/enrollments/{id}/qr.png", "/api/v2/mfa/enrollments/{id}/validate", "/api/v2/mfa/challenge",
                "/api/v2/mfa/devices/{id}", "/api/v2/mfa/users/{userId}/devices");
    }
}
