package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.threshold.gateway.routing.RegionRoutingTest.assertEcho;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that trusts only its ingress (not loopback): the test client is then an ordinary client, and nothing it
 * writes into {@code X-Forwarded-*} reaches a service.
 */
@QuarkusTest
@TestProfile(UntrustedClientForwardingTest.IngressOnly.class)
@WithTestResource(FakeUpstreams.class)
class UntrustedClientForwardingTest {

    public static class IngressOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("threshold.gateway.trusted-proxies", "10.0.0.0/8,fd00:10::/32");
        }
    }

    @Test
    void cannotSpoofItsAddressWhenTheClientIsNotATrustedProxy() {
        Response response = given().header("X-Region", "us-east-1")
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-For", "10.0.0.1")
                .header("Forwarded", "for=203.0.113.8")
                .header("X-Real-IP", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "id.example.com")
                .get("/api/v2/users/me");

        JsonObject echo = assertEcho(response, "us-east-1", "identity", "/api/v2/users/me");
        assertThat(echo.getString("xForwardedFor")).isEqualTo("127.0.0.1");
        assertThat(echo.getInteger("xForwardedForCount")).isEqualTo(1);
        assertThat(echo.getString("forwarded")).isNull();
        assertThat(echo.getString("xRealIp")).isNull();
        assertThat(echo.getString("xForwardedProto")).isEqualTo("http");
        assertThat(echo.getString("xForwardedHost")).startsWith("localhost:");
        assertThat(response.header("Strict-Transport-Security")).isNull();
    }
}
