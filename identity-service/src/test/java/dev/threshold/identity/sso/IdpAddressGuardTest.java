package dev.threshold.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.common.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The guard on URLs: scheme, literal and obscure hosts, private ranges on request, Threshold's own services never. */
class IdpAddressGuardTest {

    private static final List<String> OWN = List.of("http://127.0.0.1:18110", "http://localhost:18080", "http://127.0.0.1:18130");

    private static IdpAddressGuard guard(boolean allowPrivate) {
        return new IdpAddressGuard(new SsoConfig() {
            @Override
            public List<String> allowedReturnOrigins() {
                return List.of();
            }

            @Override
            public Optional<String> publicBaseUrl() {
                return Optional.empty();
            }

            @Override
            public Duration discoveryTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration userinfoTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration flowTimeout() {
                return Duration.ofMinutes(1);
            }

            @Override
            public boolean allowPrivateIssuers() {
                return allowPrivate;
            }

            @Override
            public Optional<List<String>> ownServices() {
                return Optional.of(OWN);
            }

            @Override
            public int maxPerOrg() {
                return 30;
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/", "http://169.254.169.254/latest/meta-data/", "https://169.254.169.254",
            "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/", "http://[64:ff9b::a9fe:a9fe]/", "http://0.0.0.0:8080/", "http://[::]/",
            "http://255.255.255.255/", "http://224.0.0.1/", "http://[ff02::1]/", "http://2130706433/", "http://0x7f.1/",
            "http://017700000001/", "http://127.1/", "http://2852039166/", "http://0xa9.0xfe.0xa9.0xfe/",
            "ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_", "http://user@127.0.0.1:9/",
            "http:///nohost", "not a url"})
    void refusesMetadataLinkLocalUnspecifiedMulticastObscureAndOtherSchemesEvenWithPrivateAllowed(String url) {
        assertRefused(guard(true), url);
        assertRefused(guard(false), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:8443/", "https://localhost:8443/", "https://[::1]:8443/", "https://10.0.0.5/",
            "https://172.16.3.4/", "https://192.168.1.1/", "https://[fc00::1]/", "https://100.64.0.1/",
            "http://127.0.0.1:8443/", "http://login.example.com/"})
    void refusesLoopbackPrivateAndPlainHttpUnlessPrivateIssuersAreAllowed(String url) {
        assertRefused(guard(false), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:8443/", "https://[::1]:8443/", "https://10.0.0.5/", "http://192.168.1.1:8080/x",
            "http://127.0.0.1:18111/", "https://8.8.8.8/"})
    void acceptsThemWhenAllowed(String url) {
        IdpAddressGuard.Target target = guard(true).checkBlocking(url);
        assertThat(target.addresses()).isNotEmpty();
    }

    @Test
    void acceptsPublicHttpsAddressesAlways() {
        IdpAddressGuard.Target target = guard(false).checkBlocking("https://8.8.8.8/.well-known/openid-configuration");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.https()).isTrue();
        assertThat(target.addresses()).extracting(a -> a.getHostAddress()).containsExactly("8.8.8.8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:18110/realms/x", "http://localhost:18110/", "http://[::1]:18110/",
            "http://127.0.0.1:18080/", "http://127.0.0.2:18130/", "http://0.0.0.0:18110/"})
    void refusesThresholdsOwnServicesEvenWhenPrivateIssuersAreAllowed(String url) {
        assertRefused(guard(true), url);
    }

    @Test
    void aHostThatDoesNotResolveIsANetworkFailureLikeAnyOther() {
        assertThatThrownBy(() -> guard(true).checkBlocking("https://no-such-host.invalid/"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("idp_discovery_failed"));
    }

    private static void assertRefused(IdpAddressGuard guard, String url) {
        assertThatThrownBy(() -> guard.checkBlocking(url)).as(url)
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("idp_address_not_allowed"));
    }
}
