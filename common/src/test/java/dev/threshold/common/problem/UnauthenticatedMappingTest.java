package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A failed authentication is 401 unless the token could not be checked at all: then 503 identity_unavailable. */
class UnauthenticatedMappingTest {

    final ProblemExceptionMappers mappers = new ProblemExceptionMappers(new ProblemResponses(new ProblemMessages()), true);
    final HttpHeaders headers = (HttpHeaders) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpHeaders.class}, (proxy, method, args) ->
                    "getAcceptableLanguages".equals(method.getName()) ? List.of(Locale.ENGLISH) : null);

    static Problem body(Response response) {
        return (Problem) response.getEntity();
    }

    @Test
    void aRefusedTokenIsUnauthorizedWithAChallenge() {
        Response response = mappers.unauthenticated(new AuthenticationFailedException(), headers);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(body(response).code()).isEqualTo("unauthorized");
    }

    @Test
    void aMechanismsOwnProblemIsAnsweredAsIs() {
        Response revoked = mappers.unauthenticated(new AuthenticationFailedException("ended",
                new ProblemException(testProblem(401, "session_revoked"))), headers);
        assertThat(revoked.getStatus()).isEqualTo(401);
        assertThat(body(revoked).code()).isEqualTo("session_revoked");

        Response unavailable = mappers.unauthenticated(new AuthenticationFailedException("no keys",
                IdentityOutage.problem()), headers);
        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(unavailable.getHeaderString("WWW-Authenticate")).isNull();
        assertThat(body(unavailable).code()).isEqualTo("identity_unavailable");
    }

    @Test
    void aTokenThatCouldNotBeCheckedBecauseTheJwksDidNotAnswerIsIdentityUnavailable() {
        Response response = mappers.unauthenticated(new AuthenticationFailedException(
                new RuntimeException(new ConnectException("Connection refused: /127.0.0.1:8110"))), headers);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(body(response).code()).isEqualTo("identity_unavailable");
        assertThat(body(response).detail()).doesNotContain("8110");
    }

    @Test
    void quarkusOidcFailingToReachIdentityServiceIsIdentityUnavailable() throws Exception {
        RuntimeException oidcFailure = QuarkusOidcFailure.create("OIDC server is not available");

        Response response = mappers.unexpected(oidcFailure, headers);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(body(response).code()).isEqualTo("identity_unavailable");

        // identity-service itself signs people in through quarkus-oidc: there it is no outage of itself
        ProblemExceptionMappers identityServices = new ProblemExceptionMappers(new ProblemResponses(new ProblemMessages()), false);
        assertThat(identityServices.unexpected(oidcFailure, headers).getStatus()).isEqualTo(500);
        assertThat(mappers.unexpected(new IllegalStateException("a bug"), headers).getStatus()).isEqualTo(500);
    }

    static ProblemCode testProblem(int status, String code) {
        return () -> new ProblemCode.Definition(status, code, code);
    }
}
