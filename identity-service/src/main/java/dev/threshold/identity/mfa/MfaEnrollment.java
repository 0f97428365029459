package dev.threshold.identity.mfa;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Whether a person must pass MFA is mfa-service's fact: asked at every password login, never
 * taken from the {@code mfa.enrolled} read model (which may be late, or stopped with the broker).
 * The question is idempotent, so it is retried with jitter; a circuit breaker stops asking a
 * mfa-service that keeps failing. When there is no answer the login fails closed with
 * {@code 503 mfa_unavailable} and {@code Retry-After}: no password-only login for someone who
 * may have MFA.
 */
@ApplicationScoped
public class MfaEnrollment {

    private static final Logger LOG = Logger.getLogger(MfaEnrollment.class);
    /** Seconds a client should wait: the circuit breaker's delay. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final MfaClient client;
    private final String authorization;

    /** {@code threshold.internal.token}: the region's shared secret of internal calls. */
    public MfaEnrollment(@RestClient MfaClient client, @ConfigProperty(name = "threshold.internal.token") String token) {
        this.client = client;
        this.authorization = "Internal " + token;
    }

    /** True when the person has an active MFA device; fails with {@code 503 mfa_unavailable} otherwise unknown. */
    public Uni<Boolean> enrolled(UUID orgId, UUID userId) {
        return ask(orgId, userId)
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> {
                    if (!(failure instanceof CircuitBreakerOpenException)) {
                        LOG.warnf("mfa-service cannot tell whether user %s enrolled MFA (%s); login refused with 503",
                                userId, failure.toString());
                    }
                    return unavailable();
                });
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 80, delayUnit = ChronoUnit.MILLIS, abortOn = CircuitBreakerOpenException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = RETRY_AFTER_SECONDS,
            delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    Uni<Boolean> ask(UUID orgId, UUID userId) {
        return client.enrolled(authorization, userId, orgId).map(MfaClient.EnrollmentStatus::enrolled);
    }

    public static ProblemException unavailable() {
        return ProblemException.withHeader(IdentityProblem.MFA_UNAVAILABLE, "Retry-After",
                Integer.toString(RETRY_AFTER_SECONDS), RETRY_AFTER_SECONDS);
    }

    /** mfa-service answered with an error. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
