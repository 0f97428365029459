package dev.threshold.identity.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Pure-Java Argon2id (Bouncy Castle); the fallback when the native library cannot be loaded. */
final class BouncyCastleArgon2 implements Argon2Engine {

    @Override
    public byte[] hash(Argon2Params params, byte[] password, byte[] salt, int hashLength) {
        return hash(params, password, salt, null, null, hashLength);
    }

    /** With the optional secret (K) and associated data (X) of RFC 9106, for the known-answer test. */
    byte[] hash(Argon2Params params, byte[] password, byte[] salt, byte[] secret, byte[] associatedData, int hashLength) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt);
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (associatedData != null) {
            builder.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] out = new byte[hashLength];
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public String name() {
        return "bouncy-castle";
    }
}
