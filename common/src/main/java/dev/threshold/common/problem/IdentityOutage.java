package dev.threshold.common.problem;

import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * identity-service out of reach while a bearer is verified: the client gets
 * {@code 503 identity_unavailable} with {@code Retry-After}, never a 401 (its token may be fine)
 * nor a 500. The services that verify identity-service's tokens reach it only for its JWKS:
 * common's {@code IdentityKeys} answers that itself, and an authentication that fails because
 * quarkus-oidc's own JWKS request failed (refused, reset, timed out, an error status) is told
 * apart here by its cause.
 */
public final class IdentityOutage {

    /** Seconds a client should wait: the delay of the JWKS circuit breaker. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** quarkus-oidc's failure: its server not available, or an error status from it. */
    private static final String OIDC_FAILURE = "io.quarkus.oidc.OIDCException";
    /** Failures of a JWKS request, by name: common does not depend on quarkus-oidc or Vert.x internals. */
    private static final Set<String> FAILURES_BY_NAME = Set.of(OIDC_FAILURE, "io.vertx.core.http.HttpClosedException");

    private IdentityOutage() {
    }

    public static ProblemException problem() {
        return problem(RETRY_AFTER_SECONDS);
    }

    public static ProblemException problem(long retryAfterSeconds) {
        return ProblemException.withHeader(CommonProblem.IDENTITY_UNAVAILABLE, "Retry-After",
                Long.toString(Math.max(1, retryAfterSeconds)));
    }

    /**
     * quarkus-oidc failed outside an authentication failure (its {@code OIDCException}), as when it
     * cannot fetch identity-service's JWKS: in a service that verifies identity-service's bearers,
     * an outage of identity-service.
     */
    static boolean isOidcFailure(Throwable failure) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            if (OIDC_FAILURE.equals(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The cause that shows a network call failed during authentication, or null. */
    static Throwable causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof TimeoutException // ConnectException is one
                    || FAILURES_BY_NAME.contains(t.getClass().getName())) {
                return t;
            }
        }
        return null;
    }
}
