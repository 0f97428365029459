package dev.threshold.identity.password;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, 16-byte salt, 32-byte hash).
 *
 * <p>Every method that hashes costs one full Argon2 computation (about 20-35 ms and 19 MiB at
 * the defaults): call them through {@link HashingPool#run}, never on an event-loop thread.
 *
 * <p>Passwords are normalized to Unicode NFKC before hashing (NIST SP 800-63B 5.1.1.2), so the
 * same password typed on systems that compose characters differently verifies, then encoded as
 * UTF-8.
 *
 * <p>Implementation: the native libargon2 (reference C implementation) through argon2-jvm,
 * about 1.9 x the hash rate of Bouncy Castle on this machine class (bench/RESULTS.md); Bouncy
 * Castle's pure-Java Argon2 is used instead when the native library cannot be loaded or
 * disagrees with it on a start-up check. Both compute the same function, so hashes are
 * interchangeable.
 */
@ApplicationScoped
public class PasswordHasher {

    static final int SALT_LENGTH = 16;
    static final int HASH_LENGTH = 32;
    /**
     * Longer passwords are never hashed (a 10 MB login body must not cost 10 MB of normalizing and
     * hashing): {@link #hash} refuses them, {@link #verify} answers false. Far above any policy's
     * sensible maximum (the default is 400).
     */
    public static final int MAX_PASSWORD_CHARS = 4096;
    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);

    private final Argon2Params params;
    private final Argon2Engine engine;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummyHash;

    @Inject
    public PasswordHasher(PasswordConfig config) {
        this(new Argon2Params(config.argon2().memoryKib(), config.argon2().iterations(), config.argon2().parallelism()),
                pickEngine());
    }

    /** For tests and tools: the given cost with the given implementation. */
    PasswordHasher(Argon2Params params, Argon2Engine engine) {
        this.params = params;
        this.engine = engine;
    }

    /**
     * A PHC string of {@code password} with a fresh random salt at the configured cost.
     *
     * @throws IllegalArgumentException for null or more than {@link #MAX_PASSWORD_CHARS} chars (the
     *         policy check comes first and names the rule)
     */
    public String hash(String password) {
        if (password == null || password.length() > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password is null or longer than " + MAX_PASSWORD_CHARS + " chars");
        }
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] secret = bytes(password);
        try {
            return new Phc(params, salt, engine.hash(params, secret, salt, HASH_LENGTH)).encode();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches {@code phc}, compared in constant time. False, never an
     * exception, for a null or over-long password or a malformed, foreign or out-of-range PHC string.
     */
    public boolean verify(String password, String phc) {
        if (password == null || password.length() > MAX_PASSWORD_CHARS) {
            return false;
        }
        Optional<Phc> parsed = Phc.parse(phc);
        if (parsed.isEmpty()) {
            return false;
        }
        Phc stored = parsed.get();
        byte[] secret = bytes(password);
        try {
            byte[] computed = engine.hash(stored.params(), secret, stored.salt(), stored.hash().length);
            return MessageDigest.isEqual(computed, stored.hash());
        } catch (RuntimeException e) {
            LOG.debugf(e, "Argon2 failed on a stored hash; treated as a mismatch");
            return false;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * True when {@code phc} was not made at the configured cost (memory, iterations, parallelism,
     * salt or hash length), or cannot be read: re-hash the password after a successful login.
     */
    public boolean needsRehash(String phc) {
        return Phc.parse(phc)
                .map(p -> !p.params().equals(params) || p.salt().length != SALT_LENGTH || p.hash().length != HASH_LENGTH)
                .orElse(true);
    }

    /**
     * A valid PHC string of a random password at the configured cost, made once: verify an
     * unknown email's password against it so that the answer takes as long as for a known one.
     */
    public String dummyHash() {
        String dummy = dummyHash;
        if (dummy == null) {
            synchronized (this) {
                dummy = dummyHash;
                if (dummy == null) {
                    byte[] randomPassword = new byte[24];
                    random.nextBytes(randomPassword);
                    dummy = hash(HexFormat.of().formatHex(randomPassword));
                    dummyHash = dummy;
                }
            }
        }
        return dummy;
    }

    /**
     * Whether {@code password} matches any of {@code phcs} (password history). Verifies all of
     * them, so it costs one hash per entry whatever the answer.
     */
    public boolean matchesAny(String password, List<String> phcs) {
        boolean any = false;
        for (String phc : phcs) {
            any |= verify(password, phc);
        }
        return any;
    }

    /** Which Argon2 implementation this instance uses ({@code native} or {@code bouncy-castle}). */
    public String implementation() {
        return engine.name();
    }

    static byte[] bytes(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }

    /** The native library when it loads and agrees with Bouncy Castle on a small input, else Bouncy Castle. */
    static Argon2Engine pickEngine() {
        BouncyCastleArgon2 bouncyCastle = new BouncyCastleArgon2();
        try {
            NativeArgon2 nativeArgon2 = new NativeArgon2();
            Argon2Params probe = new Argon2Params(64, 1, 1);
            byte[] password = "threshold".getBytes(StandardCharsets.UTF_8);
            byte[] salt = "start-up-check-!".getBytes(StandardCharsets.UTF_8);
            if (Arrays.equals(nativeArgon2.hash(probe, password, salt, HASH_LENGTH),
                    bouncyCastle.hash(probe, password, salt, HASH_LENGTH))) {
                return nativeArgon2;
            }
            LOG.warn("Native libargon2 disagrees with Bouncy Castle on the start-up check; using Bouncy Castle");
        } catch (LinkageError | RuntimeException e) {
            LOG.warnf("Native libargon2 unavailable (%s); using Bouncy Castle's Argon2, about half the hash rate",
                    e.toString());
        }
        return bouncyCastle;
    }
}
