package dev.threshold.mfa.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP as authenticator apps do it: HMAC-SHA1, 6 digits, 30-second steps from the Unix
 * epoch (RFC 4226 dynamic truncation).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final String ALGORITHM = "SHA1";
    /** Steps accepted either side of now, for clocks that drift and codes typed late. */
    public static final int WINDOW = 1;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The 6-digit code of a step. */
    public static String code(byte[] secret, long step) {
        return code(secret, step, DIGITS, "HmacSHA1");
    }

    /** Any digits and HMAC (RFC 6238 appendix B uses 8 digits and SHA-256/512 too). */
    static String code(byte[] secret, long step, int digits, String hmac) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret, hmac));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The steps within {@link #WINDOW} of {@code now} whose code equals {@code code}, nearest
     * first, compared in constant time (every candidate is computed and compared).
     */
    public static long[] matchingSteps(byte[] secret, String code, Instant now) {
        long current = step(now);
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long[] candidates = {current, current - 1, current + 1};
        long[] found = new long[candidates.length];
        int count = 0;
        for (long candidate : candidates) {
            boolean equal = MessageDigest.isEqual(code(secret, candidate).getBytes(StandardCharsets.US_ASCII), given);
            if (equal) {
                found[count++] = candidate;
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }
}
