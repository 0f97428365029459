package dev.threshold.gateway.routing;

import dev.threshold.gateway.testing.FakeUpstreams;
import dev.threshold.gateway.webui.SecurityHeaders;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static dev.threshold.gateway.routing.RegionRoutingTest.assertEcho;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service learns about the client, with the default trusted proxies (loopback): the test client plays a
 * trusted ingress, so its {@code X-Forwarded-For} names the client, and the gateway passes on exactly one address.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class ForwardedHeadersTest {

    private static JsonObject echo(Response response) {
        return assertEcho(response, "us-east-1", "identity", "/api/v2/users/me");
    }

    private static Response get(String... headers) {
        var request = given().header("X-Region", "us-east-1");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.get("/api/v2/users/me");
    }

    @Test
    void passesOnTheTcpPeerWhenNoProxyForwarded() {
        JsonObject echo = echo(get());

        assertThat(echo.getString("xForwardedFor")).isEqualTo("127.0.0.1");
        assertThat(echo.getInteger("xForwardedForCount")).isEqualTo(1);
        assertThat(echo.getString("xForwardedProto")).isEqualTo("http");
    }

    @Test
    void passesOnOnlyTheClientWhenATrustedProxySentAChain() {
        JsonObject echo = echo(get("X-Forwarded-For", "192.0.2.1, 203.0.113.7, 127.0.0.1"));

        assertThat(echo.getString("xForwardedFor")).isEqualTo("203.0.113.7");
    }

    @Test
    void readsEveryForwardedForHeaderWhenThereAreSeveral() {
        JsonObject echo = echo(get("X-Forwarded-For", "192.0.2.1, 203.0.113.7", "X-Forwarded-For", "127.0.0.2"));

        assertThat(echo.getString("xForwardedFor")).isEqualTo("203.0.113.7");
        assertThat(echo.getInteger("xForwardedForCount")).isEqualTo(1);
    }

    @Test
    void passesOnCanonicalIpv6WhenTheClientIsIpv6() {
        assertThat(echo(get("X-Forwarded-For", "2001:DB8:0::7")).getString("xForwardedFor")).isEqualTo("2001:db8::7");
        assertThat(echo(get("X-Forwarded-For", "[2001:db8::8]:4711")).getString("xForwardedFor"))
                .isEqualTo("2001:db8::8");
    }

    @Test
    void passesOnThePeerWhenForwardedForIsGarbage() {
        assertThat(echo(get("X-Forwarded-For", "unknown")).getString("xForwardedFor")).isEqualTo("127.0.0.1");
        assertThat(echo(get("X-Forwarded-For", "203.0.113.7, <script>")).getString("xForwardedFor"))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void dropsOtherClientAddressClaimsWhenProxying() {
        JsonObject echo = echo(get("Forwarded", "for=198.51.100.66;proto=https", "X-Real-IP", "198.51.100.67",
                "X-Forwarded-For", "203.0.113.7"));

        assertThat(echo.getString("forwarded")).isNull();
        assertThat(echo.getString("xRealIp")).isNull();
        assertThat(echo.getString("xForwardedFor")).isEqualTo("203.0.113.7");
    }

    @Test
    void believesForwardedProtoAndHostWhenATrustedProxySentThem() {
        Response response = get("X-Forwarded-Proto", "https", "X-Forwarded-Host", "id.example.com");
        JsonObject echo = echo(response);

        assertThat(echo.getString("xForwardedProto")).isEqualTo("https");
        assertThat(echo.getString("xForwardedHost")).isEqualTo("id.example.com");
        assertThat(response.header("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
    }

    @Test
    void keepsItsOwnHostWhenForwardedHostIsNotAHost() {
        JsonObject echo = echo(get("X-Forwarded-Host", "evil.test/<x>", "X-Forwarded-Proto", "javascript"));

        assertThat(echo.getString("xForwardedHost")).startsWith("localhost:");
        assertThat(echo.getString("xForwardedProto")).isEqualTo("http");
    }
}
