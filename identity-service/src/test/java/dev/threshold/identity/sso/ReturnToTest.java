package dev.threshold.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.common.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReturnToTest {

    private final ReturnTo returnTo = new ReturnTo(config("http://localhost:8080", " https://app.example.test "));

    @Test
    void allowsOnlyTheConfiguredOriginsWhenCheckingReturnTo() {
        assertThat(returnTo.allowed("http://localhost:8080/")).isTrue();
        assertThat(returnTo.allowed("http://LOCALHOST:8080/app?x=1#top")).isTrue();
        assertThat(returnTo.allowed("https://app.example.test:443/login")).isTrue();
        assertThat(returnTo.allowed("https://app.example.test.evil.test/")).isFalse();
        assertThat(returnTo.allowed("http://app.example.test/")).isFalse();
        assertThat(returnTo.allowed("http://localhost:8081/")).isFalse();
        assertThat(returnTo.allowed("http://user@localhost:8080/")).isFalse();
        assertThat(returnTo.allowed("//localhost:8080/")).isFalse();
        assertThat(returnTo.allowed("/relative")).isFalse();
        assertThat(returnTo.allowed("javascript:alert(1)")).isFalse();
        assertThat(returnTo.allowed("http://localhost:8080\\@evil.test/")).isFalse();
        assertThatThrownBy(() -> returnTo.require(null)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> returnTo.require("http://localhost:8080/" + "a".repeat(2000)))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void addsTheErrorBeforeAnyFragmentWhenSendingTheBrowserBack() {
        assertThat(ReturnTo.withError("http://localhost:8080/app", "sso_failed"))
                .isEqualTo("http://localhost:8080/app?error=sso_failed");
        assertThat(ReturnTo.withError("http://localhost:8080/app?tab=2#top", "idp_error"))
                .isEqualTo("http://localhost:8080/app?tab=2&error=idp_error#top");
    }

    private static SsoConfig config(String... origins) {
        return new SsoConfig() {
            @Override
            public List<String> allowedReturnOrigins() {
                return List.of(origins);
            }

            @Override
            public Optional<String> publicBaseUrl() {
                return Optional.empty();
            }

            @Override
            public Duration discoveryTimeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration userinfoTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration flowTimeout() {
                return Duration.ofMinutes(10);
            }

            @Override
            public boolean allowPrivateIssuers() {
                return false;
            }

            @Override
            public Optional<List<String>> ownServices() {
                return Optional.empty();
            }

            @Override
            public int maxPerOrg() {
                return 30;
            }
        };
    }
}
