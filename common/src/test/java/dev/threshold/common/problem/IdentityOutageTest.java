package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.AuthenticationFailedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class IdentityOutageTest {

    @Test
    void aFailedNetworkCallAnywhereInTheChainIsAnOutage() {
        assertThat(IdentityOutage.causeOf(new AuthenticationFailedException(new ConnectException("refused")))).isNotNull();
        assertThat(IdentityOutage.causeOf(new AuthenticationFailedException(new RuntimeException(new TimeoutException()))))
                .isNotNull();
        assertThat(IdentityOutage.causeOf(new AuthenticationFailedException(new java.net.SocketException("reset"))))
                .isNotNull();
    }

    @Test
    void aRefusedTokenIsNot() {
        assertThat(IdentityOutage.causeOf(new AuthenticationFailedException())).isNull();
        assertThat(IdentityOutage.causeOf(new AuthenticationFailedException(new IllegalArgumentException("bad signature"))))
                .isNull();
    }

    @Test
    void theProblemTellsTheClientWhenToTryAgain() {
        ProblemException problem = IdentityOutage.problem();
        assertThat(problem.problem().code()).isEqualTo("identity_unavailable");
        assertThat(problem.problem().status()).isEqualTo(503);
        assertThat(problem.headers()).containsEntry("Retry-After", "5");
    }
}
