package dev.threshold.common.testing;

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
}
