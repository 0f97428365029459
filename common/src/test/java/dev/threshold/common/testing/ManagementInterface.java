package dev.threshold.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.net.URI;

/**
 * The management interface of the app under test (its own random port in tests): health, metrics and OpenAPI are
 * served there only, never on the public port. Use as {@code given().baseUri(ManagementInterface.baseUri())
 * .get("/q/health/ready")}.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** {@code http://localhost:<management port>}, without a path. */
    public static String baseUri() {
        URI uri = URI.create(TestHTTPResourceManager.getManagementUri());
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /**
     * The operator endpoints (health, metrics, OpenAPI, Swagger UI, Dev UI) answer {@code 404
     * not_found} on the public port, and Swagger UI is served on the management port.
     */
    public static void assertOperatorEndpointsOnlyHere() {
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics",
                "/q/openapi", "/q/swagger-ui/", "/q/dev-ui"}) {
            given().get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("code", equalTo("not_found"));
        }
        given().baseUri(baseUri()).get("/q/swagger-ui/").then().statusCode(200);
    }
}
