package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import dev.threshold.gateway.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static dev.threshold.gateway.testing.ProblemAssertions.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class RegionRoutingTest {

    static Stream<String> regions() {
        return FakeUpstreams.REGIONS.keySet().stream();
    }

    @Test
    void coversAllSeventeenRegionsOfTheReferencePlatformWhenConfiguredForTests() {
        assertThat(FakeUpstreams.REGIONS).hasSize(17);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void routesEachServiceToItsRegionsOwnUpstreamWhenRegionIsSelected(String region) {
        assertEcho(given().header("X-Region", region).get("/api/v2/users/me"), region, "identity", "/api/v2/users/me");
        assertEcho(given().header("X-Region", region).get("/api/v2/orgs/me/identityproviders"), region, "identity",
                "/api/v2/orgs/me/identityproviders");
        assertEcho(given().header("X-Region", region).get("/api/v2/mfa/devices"), region, "mfa", "/api/v2/mfa/devices");
        assertEcho(given().header("X-Region", region).delete("/api/v2/mfa/users/u-1/devices"), region, "mfa",
                "/api/v2/mfa/users/u-1/devices");
        assertEcho(given().header("X-Region", region).get("/api/v2/invitations/inv-1"), region, "invitation",
                "/api/v2/invitations/inv-1");
        assertEcho(given().header("X-Region", region).post("/api/v2/invitations"), region, "invitation",
                "/api/v2/invitations");
        assertEcho(given().header("X-Region", region).formParam("grant_type", "client_credentials")
                .post("/oauth/token"), region, "identity", "/oauth/token");
        assertEcho(given().queryParam("region", region).get("/.well-known/openid-configuration"), region, "identity",
                "/.well-known/openid-configuration");
        assertEcho(given().header("Authorization", Tokens.bearerWithRegion(region)).get("/api/v2/users/me"), region,
                "identity", "/api/v2/users/me");
    }

    @Test
    void sendsLookalikePathsToIdentityWhenTheyAreNotUnderAServicePrefix() {
        assertEcho(given().header("X-Region", "eu-west-1").post("/api/v2/auth/invitations/accept"), "eu-west-1",
                "identity", "/api/v2/auth/invitations/accept");
        assertEcho(given().header("X-Region", "eu-west-1").get("/api/v2/mfapolicy"), "eu-west-1", "identity",
                "/api/v2/mfapolicy");
    }

    @Test
    void routesByTokenClaimWhenTokenCarriesRegion() {
        Response response = given().header("Authorization", Tokens.bearerWithRegion("ap-northeast-3"))
                .get("/api/v2/mfa/devices");

        assertEcho(response, "ap-northeast-3", "mfa", "/api/v2/mfa/devices");
    }

    @Test
    void tokenClaimWinsWhenQueryParameterNamesAnotherRegion() {
        Response response = given().header("Authorization", Tokens.bearerWithRegion("eu-central-2"))
                .queryParam("region", "us-west-2")
                .get("/api/v2/users/me");

        assertEcho(response, "eu-central-2", "identity", "/api/v2/users/me");
    }

    @Test
    void routesByTokenClaimWhenHeaderNamesTheSameRegion() {
        Response response = given().header("Authorization", Tokens.bearerWithRegion("me-central-1"))
                .header("X-Region", "me-central-1")
                .get("/api/v2/users/me");

        assertEcho(response, "me-central-1", "identity", "/api/v2/users/me");
    }

    @Test
    void routesByQueryParameterAndKeepsQueryIntactWhenBrowserIsRedirected() {
        Response response = given().urlEncodingEnabled(false)
                .get("/api/v2/auth/sso/idp-1/start?returnTo=https%3A%2F%2Fapp.threshold.test%2Fhome&region=sa-east-1");

        JsonObject echo = assertEcho(response, "sa-east-1", "identity", "/api/v2/auth/sso/idp-1/start");
        assertThat(echo.getString("query")).isEqualTo("returnTo=https%3A%2F%2Fapp.threshold.test%2Fhome&region=sa-east-1");

        JsonObject lookup = assertEcho(given().urlEncodingEnabled(false)
                .get("/api/v2/invitations/lookup?token=secret-token&region=ca-central-1"),
                "ca-central-1", "invitation", "/api/v2/invitations/lookup");
        assertThat(lookup.getString("query")).isEqualTo("token=secret-token&region=ca-central-1");
    }

    /**
     * SAML: the IdP posts its response to the assertion consumer service of the provider's region, a
     * cross-site form POST whose only region hint is the query of the ACS URL (from our SP metadata);
     * the IdP (or its admin) reads that metadata at the same kind of URL.
     */
    @Test
    void routesSamlAcsPostsAndMetadataByTheRegionInTheirQuery() {
        Response acs = given().urlEncodingEnabled(false).redirects().follow(false)
                .header("Origin", "https://idp.example.test")
                .contentType("application/x-www-form-urlencoded")
                .body("SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=abc")
                .post("/api/v2/auth/sso/idp-1/saml/acs?region=eu-central-1");

        JsonObject echo = assertEcho(acs, "eu-central-1", "identity", "/api/v2/auth/sso/idp-1/saml/acs");
        assertThat(echo.getString("method")).isEqualTo("POST");
        assertThat(echo.getString("query")).isEqualTo("region=eu-central-1");
        assertThat(echo.getInteger("bodyLength")).isEqualTo("SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=abc".length());
        assertThat(echo.getString("origin")).isEqualTo("https://idp.example.test");
        // a cross-site POST from the IdP gets no CORS grant, but is passed on (it is a top-level navigation)
        assertThat(acs.header("Access-Control-Allow-Origin")).isNull();

        assertEcho(given().get("/api/v2/auth/sso/idp-1/saml/metadata?region=ap-southeast-2"), "ap-southeast-2",
                "identity", "/api/v2/auth/sso/idp-1/saml/metadata");
        assertEcho(given().urlEncodingEnabled(false).get("/api/v2/auth/sso/idp-1/saml/finish?region=us-east-2&code=abc"),
                "us-east-2", "identity", "/api/v2/auth/sso/idp-1/saml/finish");
    }

    @Test
    void routesByHeaderWhenBearerTokenIsNotAJwt() {
        Response response = given().header("Authorization", "Bearer opaque-operator-secret")
                .header("X-Region", "eu-west-2")
                .post("/api/v2/orgs");

        assertEcho(response, "eu-west-2", "identity", "/api/v2/orgs");
    }

    @Test
    void answersRegionRequiredWhenNoRegionIsGiven() {
        assertProblem(given().get("/api/v2/users/me"), 400, "region_required");
        assertProblem(given().header("Authorization", "Bearer not.a-jwt").get("/oauth/authorize"), 400,
                "region_required");
        assertProblem(given().header("X-Region", " ").get("/.well-known/openid-configuration"), 400,
                "region_required");
    }

    @Test
    void answersUnknownRegionWhenRegionIsNotConfigured() {
        assertProblem(given().header("X-Region", "mars-north-1").get("/api/v2/users/me"), 400, "unknown_region");
        assertProblem(given().queryParam("region", "us-east-3").get("/api/v2/invitations/lookup"), 400,
                "unknown_region");
        assertProblem(given().header("Authorization", Tokens.bearerWithRegion("eu-north-9")).get("/api/v2/users/me"),
                400, "unknown_region");
    }

    @Test
    void answersMisdirectedRequestWhenTokenAndHeaderNameDifferentRegions() {
        Response response = given().header("Authorization", Tokens.bearerWithRegion("eu-central-1"))
                .header("X-Region", "us-east-1")
                .get("/api/v2/users/me");

        assertProblem(response, 421, "region_mismatch");
    }

    @Test
    void forwardsRequestIdAndForwardedHeadersWhenProxying() {
        Response response = given().header("X-Region", "us-east-2")
                .header("X-Forwarded-For", "203.0.113.7")
                .get("/api/v2/users/me");

        JsonObject echo = assertEcho(response, "us-east-2", "identity", "/api/v2/users/me");
        // the test client connects over loopback, a trusted proxy by default: its X-Forwarded-For names the client
        assertThat(echo.getString("xForwardedFor")).isEqualTo("203.0.113.7");
        assertThat(echo.getString("xForwardedProto")).isEqualTo("http");
        assertThat(echo.getString("xForwardedHost")).startsWith("localhost:");
        assertThat(echo.getString("host")).startsWith("127.0.0.1:");
        assertThat(echo.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
    }

    static JsonObject assertEcho(Response response, String region, String service, String path) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonObject echo = json(response);
        assertThat(echo.getString("region")).isEqualTo(region);
        assertThat(echo.getString("service")).isEqualTo(service);
        assertThat(echo.getString("path")).isEqualTo(path);
        return echo;
    }
}
