package dev.threshold.identity.password;

/**
 * Raw Argon2id (version 0x13): password bytes and salt in, tag out. Implementations must be
 * thread-safe; they compute the same function (checked at start-up and in the tests).
 */
interface Argon2Engine {

    byte[] hash(Argon2Params params, byte[] password, byte[] salt, int hashLength);

    /** For logs and the benchmark notes. */
    String name();
}
