package dev.threshold.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which headers the forwarder passes on: the filters of {@link UpstreamProxy}, name by name. */
class UpstreamHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "keep-alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "Proxy-Authorization", "Proxy-Authenticate", "Forwarded", "X-Real-IP", "x-client-ip", "True-Client-IP",
        "CF-Connecting-IP", "X-Forwarded-For", "x-forwarded-proto", "X-Forwarded-Host", "X-Forwarded-Port",
        "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Request-Id"})
    void dropsRequestHeaderWhenItIsHopByHopOrTheGatewaysOwn(String name) {
        assertThat(UpstreamProxy.keepsRequestHeader(name)).isFalse();
        assertThat(UpstreamProxy.keepsRequestHeader(name.toUpperCase(java.util.Locale.ROOT))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "Content-Type", "Content-Length", "Cookie", "X-Region", "Accept",
        "Accept-Language", "Idempotency-Key", "X-Requested-With", "Origin", "User-Agent", "X-MFA-Code", "Tex"})
    void keepsRequestHeaderWhenItIsEndToEnd(String name) {
        assertThat(UpstreamProxy.keepsRequestHeader(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "X-Request-Id",
        "Access-Control-Allow-Origin", "access-control-allow-credentials", "Access-Control-Expose-Headers"})
    void dropsResponseHeaderWhenItIsHopByHopOrTheGatewaysOwn(String name) {
        assertThat(UpstreamProxy.keepsResponseHeader(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "Content-Length", "Set-Cookie", "Cache-Control", "Retry-After", "Location",
        "Date", "WWW-Authenticate", "Content-Security-Policy", "Access-Control", "Content-Disposition"})
    void keepsResponseHeaderWhenItIsEndToEnd(String name) {
        assertThat(UpstreamProxy.keepsResponseHeader(name)).isTrue();
    }
}
