package dev.threshold.identity.password;

/** Argon2id cost parameters as stored in, and read back from, a PHC string. */
record Argon2Params(int memoryKib, int iterations, int parallelism) {

    /** OWASP's minimum for Argon2id (Password Storage Cheat Sheet): m=19 MiB, t=2, p=1. */
    static final Argon2Params OWASP = new Argon2Params(19456, 2, 1);

    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 1000;
    static final int MAX_PARALLELISM = 64;

    Argon2Params {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1-" + MAX_PARALLELISM + ": " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be 1-" + MAX_ITERATIONS + ": " + iterations);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be 8 x parallelism KiB to 4 GiB: " + memoryKib);
        }
    }
}
