package dev.threshold.gateway.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who the client is, for every shape of peer and X-Forwarded-For: the resolver alone, no server. */
class ClientAddressesTest {

    /** An ingress in 10.0.0.0/8 and fd00:10::/32, as a deployment would configure it. */
    private final ClientAddresses behindIngress =
            new ClientAddresses(TrustedProxies.parse(List.of("10.0.0.0/8, fd00:10::/32")));
    private final ClientAddresses loopbackDefault =
            new ClientAddresses(TrustedProxies.parse(List.of("127.0.0.0/8", "::1/128")));

    private static ClientOrigin resolve(ClientAddresses resolver, String peer, String... forwardedFor) {
        return resolver.resolve(peer, List.of(forwardedFor), null, null, "http", "gateway.test:8080");
    }

    @Test
    void takesTheTcpPeerWhenPeerIsNotATrustedProxy() {
        assertThat(resolve(behindIngress, "198.51.100.9").address()).isEqualTo("198.51.100.9");
    }

    @Test
    void ignoresEveryForwardedHeaderWhenPeerIsNotATrustedProxy() {
        ClientOrigin origin = behindIngress.resolve("198.51.100.9", List.of("203.0.113.7", "10.0.0.1"), "https",
                "evil.test", "http", "gateway.test:8080");

        assertThat(origin).isEqualTo(new ClientOrigin("198.51.100.9", "http", "gateway.test:8080"));
        assertThat(origin.https()).isFalse();
    }

    @Test
    void cannotSpoofWhenLoopbackIsNotTrusted() {
        // the default local configuration's test client, against a gateway that trusts only its ingress
        assertThat(resolve(behindIngress, "127.0.0.1", "203.0.113.7").address()).isEqualTo("127.0.0.1");
    }

    @Test
    void honoursForwardedForWhenPeerIsATrustedProxy() {
        assertThat(resolve(behindIngress, "10.1.2.3", "203.0.113.7").address()).isEqualTo("203.0.113.7");
    }

    @Test
    void takesTheRightmostUntrustedEntryWhenAClientPrependedItsOwnChain() {
        // the client wrote "192.0.2.1, 192.0.2.2"; the ingress appended the client's real address
        assertThat(resolve(behindIngress, "10.1.2.3", "192.0.2.1, 192.0.2.2, 203.0.113.7").address())
                .isEqualTo("203.0.113.7");
    }

    @Test
    void skipsEveryTrustedHopWhenSeveralProxiesForwarded() {
        assertThat(resolve(behindIngress, "10.0.0.5", "203.0.113.7, 10.9.9.9, 10.0.0.4").address())
                .isEqualTo("203.0.113.7");
        // several headers are one list, in the order received
        assertThat(resolve(behindIngress, "10.0.0.5", "192.0.2.66, 203.0.113.7", "10.9.9.9", "10.0.0.4").address())
                .isEqualTo("203.0.113.7");
    }

    @Test
    void takesTheFarthestHopWhenEveryHopIsTrusted() {
        assertThat(resolve(behindIngress, "10.0.0.5", "10.3.3.3, 10.0.0.4").address()).isEqualTo("10.3.3.3");
        assertThat(resolve(behindIngress, "10.0.0.5").address()).isEqualTo("10.0.0.5");
    }

    @Test
    void handlesIpv6PeersAndEntries() {
        assertThat(resolve(behindIngress, "fd00:10::1", "2001:DB8:0:0::7").address()).isEqualTo("2001:db8::7");
        assertThat(resolve(behindIngress, "fd00:10::1", "2001:db8::7, fd00:10:ff::2").address())
                .isEqualTo("2001:db8::7");
        assertThat(resolve(behindIngress, "fd00:10::1", "[2001:db8::7]:51234").address()).isEqualTo("2001:db8::7");
        assertThat(resolve(behindIngress, "fd00:11::1", "203.0.113.7").address()).isEqualTo("fd00:11::1");
        assertThat(resolve(loopbackDefault, "0:0:0:0:0:0:0:1", "2001:db8::8").address()).isEqualTo("2001:db8::8");
    }

    @Test
    void treatsIpv4MappedIpv6AsTheIpv4Address() {
        assertThat(resolve(behindIngress, "::ffff:10.0.0.7", "::ffff:203.0.113.7").address()).isEqualTo("203.0.113.7");
        assertThat(resolve(loopbackDefault, "::ffff:127.0.0.1", "203.0.113.8").address()).isEqualTo("203.0.113.8");
    }

    @Test
    void acceptsAPortOnAnIpv4Entry() {
        assertThat(resolve(behindIngress, "10.0.0.5", "203.0.113.7:443").address()).isEqualTo("203.0.113.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "attacker.example", "203.0.113.7; DROP TABLE", "203.0.113.300", "1.2.3",
            "_hidden", "[203.0.113.7]", "[2001:db8::7", "2001:db8::7]:80", "203.0.113.7:99999", "203.0.113.7:x",
            "0x7f.0.0.1", "${jndi:ldap://x}", "203.0.113.7 203.0.113.8", "2001:db8::7%eth0%x",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void fallsBackToThePeerWhenTheNearestUntrustedEntryIsNotAnIpLiteral(String garbage) {
        assertThat(resolve(behindIngress, "10.0.0.5", garbage).address()).isEqualTo("10.0.0.5");
        assertThat(resolve(behindIngress, "10.0.0.5", "203.0.113.9, " + garbage).address()).isEqualTo("10.0.0.5");
        // garbage farther left than the client does not matter
        assertThat(resolve(behindIngress, "10.0.0.5", garbage + ", 203.0.113.9").address()).isEqualTo("203.0.113.9");
    }

    @Test
    void ignoresEmptyEntries() {
        assertThat(resolve(behindIngress, "10.0.0.5", " , 203.0.113.7 ,, ").address()).isEqualTo("203.0.113.7");
        assertThat(resolve(behindIngress, "10.0.0.5", "").address()).isEqualTo("10.0.0.5");
    }

    @Test
    void believesForwardedProtoAndHostOnlyFromATrustedProxy() {
        ClientOrigin trusted = behindIngress.resolve("10.0.0.5", List.of("203.0.113.7"), "HTTPS, http",
                "id.example.com", "http", "gateway:8080");
        assertThat(trusted).isEqualTo(new ClientOrigin("203.0.113.7", "https", "id.example.com"));
        assertThat(trusted.https()).isTrue();

        ClientOrigin bogus = behindIngress.resolve("10.0.0.5", List.of(), "gopher", "evil.test/path<script>", "http",
                "gateway:8080");
        assertThat(bogus).isEqualTo(new ClientOrigin("10.0.0.5", "http", "gateway:8080"));
    }

    @Test
    void hasNoAddressWhenThePeerIsNotAnIpSocket() {
        assertThat(resolve(behindIngress, null, "203.0.113.7").address()).isNull();
    }

    @Test
    void trustsNobodyWhenConfiguredWithNone() {
        ClientAddresses none = new ClientAddresses(TrustedProxies.parse(List.of("none")));

        assertThat(resolve(none, "127.0.0.1", "203.0.113.7").address()).isEqualTo("127.0.0.1");
        assertThat(TrustedProxies.parse(List.of("none")).toString()).isEqualTo("none");
    }

    @Test
    void matchesCidrBlocksBitByBit() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("192.0.2.64/26", "2001:db8:8000::/33", "198.51.100.1"));

        assertThat(proxies.trusts(IpLiterals.parse("192.0.2.64"))).isTrue();
        assertThat(proxies.trusts(IpLiterals.parse("192.0.2.127"))).isTrue();
        assertThat(proxies.trusts(IpLiterals.parse("192.0.2.128"))).isFalse();
        assertThat(proxies.trusts(IpLiterals.parse("192.0.2.63"))).isFalse();
        assertThat(proxies.trusts(IpLiterals.parse("2001:db8:8000::1"))).isTrue();
        assertThat(proxies.trusts(IpLiterals.parse("2001:db8:ffff:ffff::1"))).isTrue();
        assertThat(proxies.trusts(IpLiterals.parse("2001:db8:7fff::1"))).isFalse();
        assertThat(proxies.trusts(IpLiterals.parse("198.51.100.1"))).isTrue();
        assertThat(proxies.trusts(IpLiterals.parse("198.51.100.2"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(IpLiterals.parse("203.0.113.1"))).isTrue();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(IpLiterals.parse("2001:db8::1"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("::ffff:10.0.0.0/104")).trusts(IpLiterals.parse("10.7.7.7")))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "ingress.local", "::1/129", "10.0.0/8",
            "10.0.0.0/"})
    void refusesToStartWhenATrustedProxyIsNotACidr(String value) {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of(value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
    }
}
