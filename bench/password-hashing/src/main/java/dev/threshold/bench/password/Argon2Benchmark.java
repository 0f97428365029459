package dev.threshold.bench.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Argon2id hashes per second, m=19 MiB, t=2, p=1. Forks, iterations and thread count come from
 * the command line (run.sh): each thread hashes its own password with its own salt.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class Argon2Benchmark {

    private byte[] password;
    private byte[] salt;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        salt = new byte[Argon2Impls.SALT_LENGTH];
        random.nextBytes(salt);
        password = ("Tr0ub4dor&3-" + random.nextInt()).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] bouncyCastle() {
        return Argon2Impls.bouncyCastle(password, salt);
    }

    @Benchmark
    public byte[] bouncyCastlePooled() {
        return Argon2Impls.bouncyCastlePooled(password, salt);
    }

    @Benchmark
    public byte[] password4j() {
        return Argon2Impls.password4j(password, salt);
    }

    @Benchmark
    public byte[] argon2Native() {
        return Argon2Impls.argon2Native(password, salt);
    }
}
