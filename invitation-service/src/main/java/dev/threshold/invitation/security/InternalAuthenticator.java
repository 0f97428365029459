package dev.threshold.invitation.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.problem.InvitationProblem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.logging.Logger;

/** Checks {@code Authorization: Internal <token>} in constant time (digests, so length leaks nothing). */
@ApplicationScoped
public class InternalAuthenticator {

    private static final Logger LOG = Logger.getLogger(InternalAuthenticator.class);
    private static final String SCHEME = "Internal ";
    private static final int MIN_LENGTH = 16;

    private final byte[] expectedDigest;

    public InternalAuthenticator(InternalConfig config) {
        String token = config.token().map(String::trim).orElse("");
        this.expectedDigest = token.length() >= MIN_LENGTH ? sha256(token) : null;
    }

    void report(@Observes StartupEvent startup) {
        if (expectedDigest == null) {
            LOG.warn("THRESHOLD_INTERNAL_TOKEN is not set (or shorter than 16 characters):"
                    + " /internal/** refuses every call, so invitations cannot be redeemed");
        }
    }

    public void require(String authorization) {
        if (expectedDigest == null || authorization == null
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ProblemException(InvitationProblem.INTERNAL_TOKEN_REQUIRED);
        }
        byte[] presented = sha256(authorization.substring(SCHEME.length()).trim());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            throw new ProblemException(InvitationProblem.INTERNAL_TOKEN_REQUIRED);
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
