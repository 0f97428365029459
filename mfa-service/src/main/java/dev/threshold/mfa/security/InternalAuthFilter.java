package dev.threshold.mfa.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.problem.MfaProblem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /internal/**} request must carry the region's internal token
 * ({@code Authorization: Internal <token>}), checked in constant time before anything else.
 */
public class InternalAuthFilter {

    private static final Logger LOG = Logger.getLogger(InternalAuthFilter.class);
    private static final String SCHEME = "Internal ";
    private static final int MIN_LENGTH = 16;

    private final byte[] expectedDigest;

    public InternalAuthFilter(InternalConfig config) {
        String token = config.token().map(String::trim).orElse("");
        this.expectedDigest = token.length() >= MIN_LENGTH ? sha256(token) : null;
    }

    void report(@Observes StartupEvent startup) {
        if (expectedDigest == null) {
            LOG.warn("THRESHOLD_INTERNAL_TOKEN is not set (or shorter than 16 characters): /internal/** refuses"
                    + " every call, so identity-service cannot ask whether a person enrolled MFA");
        }
    }

    @ServerRequestFilter
    public void requireInternalToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/internal/") && !path.equals("/internal")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (expectedDigest == null || authorization == null
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(SCHEME.length()).trim()))) {
            throw new ProblemException(MfaProblem.INTERNAL_TOKEN_REQUIRED);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
