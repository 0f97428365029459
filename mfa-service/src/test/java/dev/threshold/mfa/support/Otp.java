package dev.threshold.mfa.support;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.totp.Base32;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * Codes as an authenticator app computes them, from java-otp (an independent RFC 6238
 * implementation), so API tests check the service against it, not against itself.
 */
public final class Otp {

    private static final TimeBasedOneTimePasswordGenerator TOTP =
            new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");

    private Otp() {
    }

    public static String code(byte[] secret, Instant at) {
        try {
            return String.format("%06d", TOTP.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code for the service's now ({@link TestClock}) shifted by {@code steps} time steps. */
    public static String code(String base32Secret, int steps) {
        return code(Base32.decode(base32Secret), TestClock.INSTANCE.instant().plusSeconds(30L * steps));
    }

    public static String now(String base32Secret) {
        return code(base32Secret, 0);
    }

    /** Pins the service's clock in the middle of the current 30-second step, so no step boundary is crossed by surprise. */
    public static Instant pinMidStep() {
        long step = Math.floorDiv(TestClock.INSTANCE.instant().getEpochSecond(), 30);
        Instant at = Instant.ofEpochSecond(step * 30 + 15);
        TestClock.INSTANCE.pin(at);
        return at;
    }
}
