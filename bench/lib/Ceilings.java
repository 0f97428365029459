import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The ceilings the bench compares Threshold's grant and login rates with, measured on this
 * machine with THREADS threads (default: the available processors) on the JDK that runs the
 * services: ES256 signatures/s (one per access token), Argon2id hashes/s with the native
 * libargon2 (identity-service's hasher) and with plain Bouncy Castle (what Keycloak uses), at
 * m KiB, t, p. Run by bench/run.sh with identity-service's libraries on the class path:
 *   java -cp 'identity-service/target/quarkus-app/lib/main/*' bench/lib/Ceilings.java SECONDS m t p [THREADS]
 * Prints one line "name rate" per measurement.
 */
public class Ceilings {

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        int m = Integer.parseInt(args[1]), t = Integer.parseInt(args[2]), p = Integer.parseInt(args[3]);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        byte[] payload = new byte[300];
        java.util.Arrays.fill(payload, (byte) 'x');
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        System.out.printf("es256_sign %.1f%n", rate(threads, seconds, () -> {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(payload);
            signer.sign();
        }));
        SecureRandom random = new SecureRandom();
        Argon2Advanced nativeArgon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
        System.out.printf("argon2_native %.1f%n", rate(threads, seconds, () -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            nativeArgon2.rawHash(t, m, p, "Quartz-Lantern-8391".getBytes(), salt);
        }));
        System.out.printf("argon2_bouncycastle %.1f%n", rate(threads, seconds, () -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            Argon2BytesGenerator generatorBc = new Argon2BytesGenerator();
            generatorBc.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withIterations(t).withMemoryAsKB(m)
                    .withParallelism(p).withSalt(salt).build());
            byte[] out = new byte[32];
            generatorBc.generateBytes("Quartz-Lantern-8391".getBytes(), out);
        }));
    }

    /** operations per second with THREADS threads, after a warm-up of a third of the time */
    static double rate(int threads, double seconds, Op op) throws Exception {
        run(threads, seconds / 3, op);
        return run(threads, seconds, op);
    }

    static double run(int threads, double seconds, Op op) throws Exception {
        LongAdder count = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        op.run();
                        count.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long start = System.nanoTime();
        for (Thread w : workers) w.start();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread w : workers) w.join();
        return count.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
