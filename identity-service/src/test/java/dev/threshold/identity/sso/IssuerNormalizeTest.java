package dev.threshold.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The issuer's shape, before any DNS: https only unless private issuers are allowed; forbidden literals said so. */
class IssuerNormalizeTest {

    @Test
    void keepsHttpsIssuersWithoutTrailingSlashes() {
        assertThat(IssuerDiscovery.normalize(" https://login.example.com/realms/acme// ", false))
                .isEqualTo("https://login.example.com/realms/acme");
        assertThat(IssuerDiscovery.normalize("http://127.0.0.1:8180/realms/x/", true)).isEqualTo("http://127.0.0.1:8180/realms/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://login.example.com", "http://localhost:8180/realms/x", "ftp://login.example.com",
            "https://login.example.com/?a=b", "https://login.example.com/#x", "https://user@login.example.com", "not a url"})
    void refusesPlainHttpAndOtherShapesWhenPrivateIssuersAreNotAllowed(String issuer) {
        assertCode(issuer, false, "idp_issuer_invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254", "http://169.254.169.254/latest", "http://[::ffff:169.254.169.254]",
            "http://127.0.0.1:8110", "http://[::1]:8110", "http://10.0.0.1", "http://2130706433", "http://0x7f.1:8110"})
    void saysAddressNotAllowedForForbiddenLiteralsWhateverTheScheme(String issuer) {
        assertCode(issuer, false, "idp_address_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433:8110", "https://0x7f.1", "https://017700000001/realms/x"})
    void refusesObscureNumericHostsEvenWhenPrivateIssuersAreAllowed(String issuer) {
        assertCode(issuer, true, "idp_address_not_allowed");
    }

    private static void assertCode(String issuer, boolean allowHttp, String code) {
        assertThatThrownBy(() -> IssuerDiscovery.normalize(issuer, allowHttp)).as(issuer)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().code()).isEqualTo(code));
    }
}
