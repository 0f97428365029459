package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import dev.threshold.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What must never get through to a service, and what the gateway answers itself. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayBoundaryTest {

    @TestHTTPResource("/")
    URL gateway;

    /** The management interface: {@code http://localhost:<random port>/q/}. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    private String managementBase() {
        return "http://" + management.getHost() + ":" + management.getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal/users/u-1", "/internal", "/q/openapi", "/q/swagger-ui", "/api", "/api/v1/users",
            "/API/v2/users/me", "/nothing-here"})
    void answersNotFoundWithoutProxyingWhenPathIsNotAProxiedPrefix(String path) {
        assertProblem(given().header("X-Region", "us-east-1").get(path), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v2/../internal/users", "/api/v2/%2e%2e/internal/users",
            "/api/v2/%2E%2E/%2E%2E/internal/users", "/api/v2/..%2finternal/users", "/api/v2/..%2Finternal/users",
            "/api/v2/%2e%2e%2finternal", "/oauth/..%5cinternal/users", "/oauth/%5C..%5Cinternal",
            "/.well-known/%252e%252e/internal", "/api/v2/%2e%2e/q/metrics", "/api/v2/mfa/../../q/health",
            "/api/v2/invitations/..;/..;/internal", "/api/v2/./../internal", "http://127.0.0.1:1/internal/users"})
    void refusesPathWhenItTriesToEscapeAProxiedPrefix(String rawPath) {
        RawHttp.Response response = RawHttp.get(gateway.toString(), rawPath, "X-Region: us-east-1");

        assertThat(response.status()).as(response.head()).isEqualTo(404);
        assertThat(response.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(response.body()).contains("\"code\":\"not_found\"").doesNotContain("\"service\"");
    }

    @Test
    void routesToConfiguredUpstreamWhenRequestNamesAnotherHostInAbsoluteForm() {
        RawHttp.Response response = RawHttp.get(gateway.toString(), "http://169.254.169.254/api/v2/users/me?x=1",
                "X-Region: us-east-1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"region\":\"us-east-1\"").contains("\"path\":\"/api/v2/users/me\"")
                .contains("\"query\":\"x=1\"").contains("\"host\":\"127.0.0.1:");
    }

    @Test
    void refusesRawBackslashBeforeRoutingWhenPathContainsOne() {
        // Not a legal URI character: Vert.x' HTTP parser answers 400 itself, before any route runs.
        RawHttp.Response response = RawHttp.get(gateway.toString(), "/oauth/..\\internal/users", "X-Region: us-east-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics",
            "/q/openapi", "/q/dev-ui", "/q", "/q/", "/Q/health", "/q/health/../metrics", "/q/./health", "/%71/health", "/q%2fhealth",
            "/q/health%2fready", "/q/%68ealth", "//q/health", "/q//health", "/q/health;x=1", "/q/health/ready?x=1"})
    void answersNotFoundWhenPublicPortIsAskedForHealthOrMetrics(String rawPath) {
        RawHttp.Response response = RawHttp.get(gateway.toString(), rawPath, "X-Region: us-east-1");

        assertThat(response.status()).as(rawPath + "\n" + response.head()).isEqualTo(404);
        assertThat(response.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(response.body()).contains("\"code\":\"not_found\"").doesNotContain("\"status\":\"UP\"")
                .doesNotContain("# TYPE");
    }

    @Test
    void servesHealthAndMetricsWhenAskedOnTheManagementPort() {
        assertThat(management.getPort()).isNotEqualTo(gateway.getPort());
        given().baseUri(managementBase()).get("/q/health/live").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"));
        given().baseUri(managementBase()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(managementBase()).get("/q/health/started").then().statusCode(200);
        given().baseUri(managementBase()).get("/q/health").then().statusCode(200);
        String metrics = given().baseUri(managementBase()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertThat(metrics).contains("http_server_requests_seconds");
    }

    @Test
    void recordsRoutedRequestsWithoutRawPathsWhenMetricsAreScraped() {
        given().header("X-Region", "us-east-1").get("/api/v2/users/metrics-probe-42").then().statusCode(200);

        String metrics = given().baseUri(managementBase()).get("/q/metrics").then().statusCode(200).extract()
                .asString();

        assertThat(metrics).contains("threshold_gateway_upstream_requests_seconds_count{region=\"us-east-1\"")
                .doesNotContain("metrics-probe-42");
    }
}
