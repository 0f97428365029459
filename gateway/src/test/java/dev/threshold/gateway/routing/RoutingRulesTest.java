package dev.threshold.gateway.routing;

import dev.threshold.gateway.region.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingRulesTest {

    @ParameterizedTest
    @CsvSource({
            "/api/v2/invitations, INVITATION", "/api/v2/invitations/, INVITATION",
            "/api/v2/invitations/lookup, INVITATION", "/api/v2/invitations/bulk, INVITATION",
            "/api/v2/mfa, MFA", "/api/v2/mfa/enrollments/1/validate, MFA",
            "/api/v2/invitationsx, IDENTITY", "/api/v2/mfax, IDENTITY", "/api/v2/auth/invitations/accept, IDENTITY",
            "/api/v2/users/me, IDENTITY", "/api/v2, IDENTITY", "/oauth/token, IDENTITY",
            "/.well-known/openid-configuration, IDENTITY"})
    void picksServiceByPathWhenRouting(String path, Service expected) {
        assertThat(ServiceRoutes.serviceFor(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v2/../internal/x", "/api/v2/%2e%2e/internal", "/api/v2/%2E%2E/internal",
            "/api/v2/..%2finternal", "/api/v2/..%2Finternal", "/oauth/..%5cinternal", "/oauth/..\\internal",
            "/api/v2/%252e%252e/internal", "/api/v2/x%00", "api/v2/users", "/api/v2/.%2e/q/metrics"})
    void refusesPathWhenItCouldEscapeItsPrefix(String rawPath) {
        assertThat(PathGuard.isSuspicious(rawPath)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v2/users/me", "/api/v2/orgs/me/identityproviders/3f2a", "/.well-known/jwks.json",
            "/api/v2/users/a.b-c_d", "/api/v2/auth/orgs/acme%20corp/identityproviders"})
    void acceptsPathWhenItIsOrdinary(String rawPath) {
        assertThat(PathGuard.isSuspicious(rawPath)).isFalse();
    }

    @Test
    void readsQueryParameterLenientlyWhenQueryIsMalformed() {
        assertThat(QueryParameters.first("token=abc&region=eu-central-1", "region")).isEqualTo("eu-central-1");
        assertThat(QueryParameters.first("region=us-east-1&region=eu-central-1", "region")).isEqualTo("us-east-1");
        assertThat(QueryParameters.first("bad=%zz&region=eu%2Dcentral-1", "region")).isEqualTo("eu-central-1");
        assertThat(QueryParameters.first("region", "region")).isEmpty();
        assertThat(QueryParameters.first("regionx=1", "region")).isNull();
        assertThat(QueryParameters.first(null, "region")).isNull();
    }
}
