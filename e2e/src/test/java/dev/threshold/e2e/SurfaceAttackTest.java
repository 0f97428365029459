package dev.threshold.e2e;

import static dev.threshold.e2e.E2e.assertProblem;
import static dev.threshold.e2e.E2e.gateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.RawHttp;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attack surface of issue 12 ("/q/metrics and /q/health are public on the gateway"): operators' endpoints are
 * served only on each process's management port, never through the gateway's public port, however the path is
 * spelled.
 */
@Order(20)
@DisplayName("security: /q/* only on the management port")
class SurfaceAttackTest {

    /** The gateway's management interface (./threshold: public port + 1000). */
    static final String GATEWAY_MANAGEMENT =
            System.getProperty("threshold.gateway.management.url", "http://127.0.0.1:9080");

    @ParameterizedTest(name = "GET {0} on the public port -> 404 not_found")
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics",
        "/q/openapi", "/q/swagger-ui/", "/q/dev-ui", "/q", "/q/"})
    void operatorEndpointsAreNotFoundOnThePublicPort(String path) {
        Response response = gateway().header("X-Region", "us-east-1").get(path);

        assertProblem(response, 404, "not_found");
        assertThat(response.asString()).doesNotContain("\"status\":\"UP\"").doesNotContain("# TYPE");
    }

    @ParameterizedTest(name = "GET {0} (raw) on the public port -> 404 not_found")
    @ValueSource(strings = {"/%71/health", "/q/%68ealth/ready", "/q%2fhealth", "/q/health%2fready", "/Q/metrics",
        "/q/health/../metrics", "/q/./health", "//q/health", "/q//metrics", "/q/health;x=1", "/q/metrics?format=x",
        "/api/v2/..%2f..%2fq/health", "/api/v2/%2e%2e/q/metrics", "/oauth/..%2fq/health/ready",
        "/.well-known/%252e%252e/q/metrics", "/api/v2/mfa/../../q/health"})
    void encodedAndDisguisedVariantsAreNotFoundOnThePublicPort(String rawPath) {
        RawHttp.Response response = RawHttp.get(E2e.GATEWAY, rawPath, "X-Region: us-east-1");

        assertThat(response.status()).as("%s -> %s", rawPath, response.head()).isEqualTo(404);
        assertThat(response.head()).as(rawPath).containsIgnoringCase("content-type: " + E2e.PROBLEM_JSON);
        assertThat(response.body()).as(rawPath).contains("\"code\":\"not_found\"")
                .doesNotContain("\"status\":\"UP\"").doesNotContain("# TYPE");
    }

    @ParameterizedTest(name = "{0} on a service through the gateway -> a problem, never health or metrics")
    @ValueSource(strings = {"/api/v2/q/health/ready", "/api/v2/mfa/q/metrics", "/api/v2/invitations/q/openapi"})
    void servicesOperatorEndpointsAreNotReachableThroughAProxiedPrefix(String path) {
        Response response = gateway().header("X-Region", "us-east-1").get(path);

        assertThat(response.statusCode()).as("%s -> %s", path, response.asString()).isBetween(400, 499);
        E2e.assertAnyProblem(response, response.statusCode());
        assertThat(response.asString()).doesNotContain("\"status\":\"UP\"").doesNotContain("# TYPE");
    }

    @Test
    @DisplayName("the gateway's management port answers health and metrics")
    void managementPortAnswersHealth() {
        RestAssured.given().baseUri(GATEWAY_MANAGEMENT).get("/q/health/ready").then().statusCode(200);
        RestAssured.given().baseUri(GATEWAY_MANAGEMENT).get("/q/health/live").then().statusCode(200);
        String metrics = RestAssured.given().baseUri(GATEWAY_MANAGEMENT).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds");
    }
}
