package dev.threshold.identity.security;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks the operator bearer token in constant time (digests first, so length leaks nothing). */
@ApplicationScoped
public class OperatorAuthenticator {

    private static final String BEARER = "Bearer ";
    private final byte[] expectedDigest;

    public OperatorAuthenticator(OperatorConfig config) {
        if (config.token().length() < 16) {
            throw new IllegalStateException("threshold.operator.token must be at least 16 characters");
        }
        this.expectedDigest = sha256(config.token());
    }

    public void requireOperator(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ProblemException(IdentityProblem.OPERATOR_TOKEN_REQUIRED);
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            throw new ProblemException(IdentityProblem.OPERATOR_TOKEN_REQUIRED);
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
