package dev.threshold.identity.password;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Argon2 reference implementation in C (libargon2) through argon2-jvm/JNA: the system's
 * library when installed (Debian {@code libargon2-1}), otherwise the copy in the argon2-jvm jar.
 * Its 19 MiB work area is allocated by C, outside the Java heap. argon2-jvm fixes the tag length
 * per instance, so there is one (stateless, thread-safe) instance per length seen.
 */
final class NativeArgon2 implements Argon2Engine {

    private final Map<Integer, Argon2Advanced> byHashLength = new ConcurrentHashMap<>();

    /** @throws LinkageError (UnsatisfiedLinkError) when no libargon2 can be loaded. */
    NativeArgon2() {
        // Load the library now, not on the first login.
        hash(new Argon2Params(8, 1, 1), new byte[] {1}, new byte[Phc.MIN_SALT], PasswordHasher.HASH_LENGTH);
    }

    @Override
    public byte[] hash(Argon2Params params, byte[] password, byte[] salt, int hashLength) {
        Argon2Advanced argon2 = byHashLength.computeIfAbsent(hashLength,
                length -> Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, PasswordHasher.SALT_LENGTH, length));
        // argon2_hash() of libargon2; version 0x13 is the library's default.
        return argon2.rawHash(params.iterations(), params.memoryKib(), params.parallelism(), password, salt);
    }

    @Override
    public String name() {
        return "native";
    }
}
