package dev.threshold.mfa.recovery;

import dev.threshold.mfa.config.MfaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (Bouncy Castle) of recovery codes as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, 16-byte salt, 32-byte hash). Each call
 * costs one full Argon2 computation (tens of milliseconds): run it through {@link HashingPool}.
 * Verification reads the cost from the stored string, so a changed cost applies to new sets only.
 */
@ApplicationScoped
public class CodeHasher {

    static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryKib;
    private final int iterations;

    @Inject
    public CodeHasher(MfaConfig config) {
        this(config.recoveryCodes().memoryKib(), config.recoveryCodes().iterations());
    }

    CodeHasher(int memoryKib, int iterations) {
        if (memoryKib < 8 || memoryKib > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("recovery-code Argon2 cost out of range: m=" + memoryKib + ", t=" + iterations);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    /** The PHC string of {@code code} (normalized) with a fresh salt. */
    public String hash(String code) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=1$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(argon2(code, salt, memoryKib, iterations, HASH_LENGTH));
    }

    /** Whether {@code code} matches {@code phc}, compared in constant time; false for anything unreadable. */
    public boolean verify(String code, String phc) {
        if (phc == null || !phc.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = phc.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            String[] costs = parts[0].split(",", -1);
            if (costs.length != 3 || !costs[0].startsWith("m=") || !costs[1].startsWith("t=") || !"p=1".equals(costs[2])) {
                return false;
            }
            int m = Integer.parseInt(costs[0].substring(2));
            int t = Integer.parseInt(costs[1].substring(2));
            if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] expected = Base64.getDecoder().decode(parts[2]);
            if (salt.length < 8 || expected.length < 16 || expected.length > 64) {
                return false;
            }
            return MessageDigest.isEqual(argon2(code, salt, m, t, expected.length), expected);
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static byte[] argon2(String code, byte[] salt, int memoryKib, int iterations, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(1)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(code.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
