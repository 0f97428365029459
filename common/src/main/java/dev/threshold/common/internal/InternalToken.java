package dev.threshold.common.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The region's shared secret of {@code /internal/**} calls ({@code THRESHOLD_INTERNAL_TOKEN}),
 * presented as {@code Authorization: Internal <token>}. The presented token is compared with the
 * configured one as SHA-256 digests in constant time, so neither its content nor its length
 * leaks through timing. A token shorter than {@value #MIN_LENGTH} characters (or none) is not
 * configured: then every call is refused.
 */
public final class InternalToken {

    /** The authorization scheme, matched case-insensitively. */
    public static final String SCHEME = "Internal";
    public static final int MIN_LENGTH = 16;

    private static final String PREFIX = SCHEME + " ";

    private final byte[] expectedDigest;

    private InternalToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** @param configured the region's token, trimmed here; empty or too short: nothing is accepted */
    public static InternalToken of(Optional<String> configured) {
        String token = configured.map(String::trim).orElse("");
        return new InternalToken(token.length() >= MIN_LENGTH ? sha256(token) : null);
    }

    /** False when no usable token is configured (every call is refused). */
    public boolean configured() {
        return expectedDigest != null;
    }

    /** Whether an {@code Authorization} header value carries the region's token. */
    public boolean accepts(String authorization) {
        if (expectedDigest == null || authorization == null
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(PREFIX.length()).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
