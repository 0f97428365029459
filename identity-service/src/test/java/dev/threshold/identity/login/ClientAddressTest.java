package dev.threshold.identity.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress loopbackTrusted = new ClientAddress(List.of("127.0.0.0/8", "::1/128"));
    private final ClientAddress gatewayTrusted = new ClientAddress(List.of("10.42.0.0/16", "fd00:1::/32"));

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertThat(loopbackTrusted.of("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
        assertThat(gatewayTrusted.of("10.43.0.1", "203.0.113.7")).isEqualTo("10.43.0.1");
        assertThat(gatewayTrusted.of("127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
        assertThat(gatewayTrusted.of("2001:db8::5", "203.0.113.7")).isEqualTo("2001:db8::5");
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedPeerTellsTheClientByTheLastValue() {
        assertThat(loopbackTrusted.of("127.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(loopbackTrusted.of("127.0.0.1", "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(loopbackTrusted.of("::1", " 203.0.113.7 ")).isEqualTo("203.0.113.7");
        assertThat(gatewayTrusted.of("10.42.7.9", "2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(gatewayTrusted.of("fd00:1:ab::3", "[2001:db8::2]")).isEqualTo("2001:db8::2");
        // an IPv4-mapped peer is the IPv4 address it maps
        assertThat(loopbackTrusted.of("::ffff:127.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(loopbackTrusted.of("127.0.0.1", "::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void aValueThatIsNoIpLiteralCountsAsThePeer() {
        for (String bad : List.of("", " ", "unknown", "example.com", "203.0.113", "203.0.113.7.1", "256.1.1.1",
                "203.0.113.7:443", "1.2.3.4; drop table", "::g", "a".repeat(100), "203.0.113.7, ")) {
            assertThat(loopbackTrusted.of("127.0.0.1", bad)).as(bad).isEqualTo("127.0.0.1");
        }
        assertThat(loopbackTrusted.of("127.0.0.1", null)).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutAnIpPeerTheAddressIsUnknown() {
        assertThat(loopbackTrusted.of(null, "203.0.113.7")).isEqualTo("unknown");
    }

    @Test
    void blocksMatchByPrefix() {
        ClientAddress odd = new ClientAddress(List.of("192.168.4.0/22", "203.0.113.7"));
        assertThat(odd.isTrusted("192.168.7.255")).isTrue();
        assertThat(odd.isTrusted("192.168.8.0")).isFalse();
        assertThat(odd.isTrusted("203.0.113.7")).isTrue();
        assertThat(odd.isTrusted("203.0.113.8")).isFalse();
        assertThat(odd.isTrusted("not-an-address")).isFalse();
        assertThat(new ClientAddress(List.of("::ffff:10.0.0.0/104")).isTrusted("10.1.2.3")).isTrue();
        assertThat(new ClientAddress(List.of("0.0.0.0/0")).isTrusted("8.8.8.8")).isTrue();
        assertThat(new ClientAddress(List.of("0.0.0.0/0")).isTrusted("2001:db8::1")).isFalse();
    }

    @Test
    void aMalformedBlockFailsAtStartUp() {
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("gateway/8"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        assertThat(LoginThrottle.clientBucket("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.clientBucket("2001:db8:1:2:bbbb::9")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.clientBucket("203.0.113.7")).isEqualTo("203.0.113.7");
    }
}
