package dev.threshold.common.internal;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /internal/**} request of every service must carry the region's internal token
 * ({@link InternalToken}), checked before anything else of the request: otherwise
 * {@code 401 internal_token_required}. The gateway never routes {@code /internal/**}; these are
 * the calls between the services of a region (identity-service asking mfa-service about an
 * enrollment, redeeming an invitation at invitation-service).
 */
public class InternalAuthFilter {

    private static final Logger LOG = Logger.getLogger(InternalAuthFilter.class);

    private final InternalToken token;

    public InternalAuthFilter(InternalConfig config) {
        this.token = InternalToken.of(config.token());
    }

    void report(@Observes StartupEvent startup) {
        if (!token.configured()) {
            LOG.warn("THRESHOLD_INTERNAL_TOKEN is not set (or shorter than " + InternalToken.MIN_LENGTH
                    + " characters): /internal/** refuses every call");
        }
    }

    @ServerRequestFilter
    public void requireInternalToken(ContainerRequestContext request) {
        require(request.getUriInfo().getPath(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /** Passes a path outside {@code /internal/**}, or one called with the region's token; else 401. */
    void require(String path, String authorization) {
        if (isInternal(path) && !token.accepts(authorization)) {
            throw new ProblemException(CommonProblem.INTERNAL_TOKEN_REQUIRED);
        }
    }

    static boolean isInternal(String path) {
        return path.equals("/internal") || path.startsWith("/internal/");
    }
}
