package dev.threshold.gateway.cors;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static dev.threshold.gateway.testing.ProblemAssertions.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class CorsTest {

    @Test
    void allowsConfiguredOriginWithCredentialsWhenProxying() {
        Response response = given().header("Origin", FakeUpstreams.ALLOWED_ORIGIN)
                .header("X-Region", "us-east-1")
                .get("/api/v2/users/me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().getValues("Access-Control-Allow-Origin"))
                .containsExactly(FakeUpstreams.ALLOWED_ORIGIN);
        assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(response.header("Access-Control-Expose-Headers"))
                .isEqualTo("X-Request-Id, Retry-After, Location, Content-Disposition");
        assertThat(response.headers().getValues("Vary")).contains("Origin");
        assertThat(json(response).getString("origin")).isEqualTo(FakeUpstreams.ALLOWED_ORIGIN);
    }

    @Test
    void allowsConfiguredOriginWhenTheGatewayAnswersItself() {
        Response regions = given().header("Origin", "http://localhost:5173").get("/api/v2/regions");
        Response problem = given().header("Origin", "http://localhost:5173").get("/api/v2/users/me");

        assertThat(regions.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertProblem(problem, 400, "region_required");
        assertThat(problem.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
        assertThat(problem.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    }

    @Test
    void answersPreflightWithoutRegionWhenOriginIsAllowed() {
        Response response = given().header("Origin", FakeUpstreams.ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-region")
                .options("/api/v2/orgs/me");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(FakeUpstreams.ALLOWED_ORIGIN);
        assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT, PATCH, DELETE");
        assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo(
                "Authorization, Content-Type, X-Region, X-Requested-With, Idempotency-Key, Accept-Language, X-Request-Id, X-MFA-Code");
        assertThat(response.header("Access-Control-Max-Age")).isNotBlank();
        assertThat(response.asString()).isEmpty();
    }

    @Test
    void sendsNoCorsHeadersWhenOriginIsNotAllowed() {
        Response response = given().header("Origin", "https://evil.example")
                .header("X-Region", "us-east-1")
                .get("/api/v2/users/me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().asList()).noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-"));
    }

    @Test
    void refusesPreflightWithoutCorsHeadersWhenOriginIsNotAllowed() {
        Response response = given().header("Origin", "https://app.threshold.test.evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v2/auth/refresh");

        assertProblem(response, 403, "origin_not_allowed");
        assertThat(response.headers().asList()).noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-"));
    }

    @Test
    void dropsUpstreamCorsHeadersWhenNoOriginIsSent() {
        Response response = given().header("X-Region", "us-east-1").get("/api/v2/users/me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().asList()).noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-"));
    }

    @Test
    void comparesOriginsCanonicallyWhenCheckingThem() {
        assertThat(CorsHandler.canonical("HTTPS://App.Threshold.Test:443")).isEqualTo("https://app.threshold.test");
        assertThat(CorsHandler.canonical("http://localhost:8080")).isEqualTo("http://localhost:8080");
        assertThat(CorsHandler.canonical("null")).isEqualTo("null");
    }
}
