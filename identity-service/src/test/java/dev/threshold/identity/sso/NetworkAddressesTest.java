package dev.threshold.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.identity.sso.NetworkAddresses.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every range of the SSRF guard, by literal address (no DNS). */
class NetworkAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // IPv4
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED",
            "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK",
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE",
            "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "172.15.255.255, PUBLIC", "172.32.0.1, PUBLIC",
            "192.168.0.1, PRIVATE", "192.168.255.255, PRIVATE", "192.169.0.1, PUBLIC",
            "100.64.0.1, PRIVATE", "100.127.255.255, PRIVATE",
            "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "169.254.170.2, LINK_LOCAL",
            "100.100.100.200, METADATA",
            "255.255.255.255, BROADCAST",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST",
            "240.0.0.1, RESERVED", "192.0.2.10, RESERVED", "198.51.100.1, RESERVED", "203.0.113.9, RESERVED",
            "198.18.0.1, RESERVED", "192.0.0.192, RESERVED",
            "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "93.184.216.34, PUBLIC",
            // IPv6
            "::, UNSPECIFIED", "::1, LOOPBACK",
            "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL",
            "fd00:ec2::254, METADATA", "fd00:ec2::253, PRIVATE",
            "fc00::1, PRIVATE", "fdff:ffff::1, PRIVATE", "fec0::1, PRIVATE",
            "ff02::1, MULTICAST", "ff05::2, MULTICAST",
            "2001:db8::1, RESERVED", "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED", "100::1, RESERVED",
            "::127.0.0.1, RESERVED",
            "2606:4700:4700::1111, PUBLIC", "2a00:1450:4001:80b::200e, PUBLIC",
    })
    void classifies(String literal, Kind expected) throws UnknownHostException {
        assertThat(NetworkAddresses.classify(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // IPv4-mapped, NAT64 and 6to4 are judged by the IPv4 address they carry
            "::ffff:169.254.169.254, LINK_LOCAL", "::ffff:127.0.0.1, LOOPBACK", "::ffff:10.1.2.3, PRIVATE",
            "::ffff:8.8.8.8, PUBLIC", "::ffff:a9fe:a9fe, LINK_LOCAL",
            "64:ff9b::a9fe:a9fe, LINK_LOCAL", "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::808:808, PUBLIC",
            "2002:a9fe:a9fe::1, LINK_LOCAL", "2002:7f00:1::1, LOOPBACK", "2002:808:808::1, PUBLIC",
    })
    void judgesEmbeddedIpv4ByTheEmbeddedAddress(String literal, Kind expected) throws UnknownHostException {
        assertThat(NetworkAddresses.classify(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "2130706433, 127.0.0.1", "0x7f.1, 127.0.0.1", "0x7f000001, 127.0.0.1", "017700000001, 127.0.0.1",
            "127.1, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "2852039166, 169.254.169.254", "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
            "169.254.43518, 169.254.169.254", "0, 0.0.0.0",
    })
    void readsObscureNumericHostsAsTheCResolverDoes(String host, String address) throws UnknownHostException {
        assertThat(NetworkAddresses.isObscureNumericHost(host)).isTrue();
        assertThat(InetAddress.getByAddress(NetworkAddresses.inetAton(host)).getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "8.8.8.8", "login.example.test", "dead.beef", "idp-1.acme.com", "ab", "a1.b2",
            "256.1.1.1.1", "1.2.3.4.5"})
    void leavesOrdinaryHostsAndDottedQuadsAlone(String host) {
        assertThat(NetworkAddresses.isObscureNumericHost(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433.", "0x7f.1.", "127.1."})
    void aTrailingDotChangesNothing(String host) {
        assertThat(NetworkAddresses.isObscureNumericHost(host)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"[::], ::", "[::1], ::1", "::ffff:169.254.169.254, 169.254.169.254", "127.0.0.1, 127.0.0.1",
            "[fd00:ec2::254], fd00:ec2:0:0:0:0:0:254"})
    void readsLiteralsWithoutDns(String host, String address) {
        InetAddress literal = NetworkAddresses.literal(host);
        assertThat(literal).isNotNull();
        assertThat(literal.getHostAddress()).isEqualTo(address.equals("::") ? "0:0:0:0:0:0:0:0"
                : address.equals("::1") ? "0:0:0:0:0:0:0:1" : address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.example.test", "localhost", "2130706433"})
    void aNameIsNoLiteral(String host) {
        assertThat(NetworkAddresses.literal(host)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"PUBLIC, false, true", "LOOPBACK, false, false", "LOOPBACK, true, true", "PRIVATE, false, false",
            "PRIVATE, true, true", "LINK_LOCAL, true, false", "METADATA, true, false", "UNSPECIFIED, true, false",
            "BROADCAST, true, false", "MULTICAST, true, false", "RESERVED, true, false"})
    void onlyPublicAddressesAreAlwaysAllowed(Kind kind, boolean allowPrivate, boolean allowed) {
        assertThat(NetworkAddresses.allowed(kind, allowPrivate)).isEqualTo(allowed);
    }
}
