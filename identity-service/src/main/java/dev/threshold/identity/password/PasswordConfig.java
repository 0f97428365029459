package dev.threshold.identity.password;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/**
 * {@code threshold.password.*}: Argon2id cost and the hashing pool. Changing the cost makes
 * {@link PasswordHasher#needsRehash(String)} true for hashes stored with the old one.
 */
@ConfigMapping(prefix = "threshold.password")
public interface PasswordConfig {

    Argon2 argon2();

    Pool pool();

    interface Argon2 {
        /** {@code threshold.password.argon2.memory-kib}: m, in KiB (OWASP: 19 MiB). */
        @WithDefault("19456")
        int memoryKib();

        /** {@code threshold.password.argon2.iterations}: t. */
        @WithDefault("2")
        int iterations();

        /** {@code threshold.password.argon2.parallelism}: p (lanes). */
        @WithDefault("1")
        int parallelism();
    }

    interface Pool {
        /** {@code threshold.password.pool.threads}: hashing threads; default the available processors. */
        OptionalInt threads();

        /** {@code threshold.password.pool.queue}: hashes waiting for a thread; default 2 x threads. */
        OptionalInt queue();
    }
}
