package dev.threshold.identity.accept;

import dev.threshold.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * invitation-service behind SmallRye Fault Tolerance. The lookup is a read, so it is retried with
 * jitter; the redeem is not idempotent (a repeat after a lost answer would say invitation_used),
 * so it is never retried. Each has a circuit breaker that opens when invitation-service keeps
 * failing; answers with a problem code (an expired link, ...) are answers, not failures.
 */
@ApplicationScoped
public class Invitations {

    /** Seconds a client should wait before trying again: the circuit breakers' delay. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final InvitationClient client;

    public Invitations(@RestClient InvitationClient client) {
        this.client = client;
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 80, delayUnit = ChronoUnit.MILLIS,
            abortOn = { ProblemException.class, CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS,
            delayUnit = ChronoUnit.SECONDS, successThreshold = 2, skipOn = ProblemException.class)
    public Uni<InvitationClient.Lookup> lookup(String token) {
        return client.lookup(token);
    }

    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS,
            delayUnit = ChronoUnit.SECONDS, successThreshold = 2, skipOn = ProblemException.class)
    public Uni<InvitationClient.Redeemed> redeem(String authorization, InvitationClient.RedeemRequest request) {
        return client.redeem(authorization, request);
    }
}
