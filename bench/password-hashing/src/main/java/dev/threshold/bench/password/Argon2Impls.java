package dev.threshold.bench.password;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The Argon2id implementations under test, all at the same parameters: m=19 MiB (19456 KiB),
 * t=2, p=1, version 0x13 (19), 16-byte salt, 32-byte hash. Each takes the password as UTF-8 bytes
 * and returns the raw hash, so the cross-check can compare them byte for byte.
 */
public final class Argon2Impls {

    public static final int MEMORY_KIB = 19456;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    public static final int HASH_LENGTH = 32;
    public static final int SALT_LENGTH = 16;

    private Argon2Impls() {
    }

    /** Bouncy Castle, a fresh 19 MiB block array per hash (what a naive caller does). */
    public static byte[] bouncyCastle(byte[] password, byte[] salt) {
        return bouncyCastle(password, salt, null);
    }

    /** Bouncy Castle 1.87 with a {@code BlockPool}: the 19 MiB of blocks are reused by the calling thread. */
    private static final ThreadLocal<Argon2BytesGenerator.BlockPool> POOLS =
            ThreadLocal.withInitial(() -> new Argon2BytesGenerator.FixedBlockPool(MEMORY_KIB));

    public static byte[] bouncyCastlePooled(byte[] password, byte[] salt) {
        return bouncyCastle(password, salt, POOLS.get());
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, Argon2BytesGenerator.BlockPool pool) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS)
                .withParallelism(PARALLELISM)
                .withSalt(salt);
        if (pool != null) {
            builder.withBlockPool(pool);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] out = new byte[HASH_LENGTH];
        generator.generateBytes(password, out);
        return out;
    }

    private static final Argon2Function PASSWORD4J = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            HASH_LENGTH, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    /** password4j (pure Java). */
    public static byte[] password4j(byte[] password, byte[] salt) {
        return PASSWORD4J.hash(password, salt).getBytes();
    }

    private static volatile Argon2Advanced nativeArgon2;

    /** argon2-jvm: JNA binding to the C reference implementation (libargon2). */
    public static byte[] argon2Native(byte[] password, byte[] salt) {
        return nativeArgon2().rawHash(ITERATIONS, MEMORY_KIB, PARALLELISM, password, salt);
    }

    static Argon2Advanced nativeArgon2() {
        Argon2Advanced argon2 = nativeArgon2;
        if (argon2 == null) {
            argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, SALT_LENGTH, HASH_LENGTH);
            nativeArgon2 = argon2;
        }
        return argon2;
    }
}
