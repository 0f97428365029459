import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * Signature cost of the access-token algorithms on the running JDK: one thread, a 300-byte
 * payload (about a JWT's signing input), ROUNDS rounds of SECONDS seconds each after a warm-up.
 * Run by bench/signatures/run.sh on every JDK >= 17 found; plain Java, no dependencies.
 */
public class Signatures {

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] payload = new byte[300];
        Arrays.fill(payload, (byte) 'x');
        System.out.printf("java %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vm.vendor"));
        run("ES256", "SHA256withECDSA", ec(), payload, seconds, rounds);
        run("RS256", "SHA256withRSA", rsa(), payload, seconds, rounds);
        run("EdDSA", "Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), payload, seconds, rounds);
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static void run(String name, String algorithm, KeyPair keys, byte[] payload, double seconds, int rounds)
            throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        Signature verifier = Signature.getInstance(algorithm);
        byte[] signature = sign(signer, keys, payload);
        measure(() -> sign(signer, keys, payload), seconds / 2); // warm-up
        measure(() -> verify(verifier, keys, payload, signature), seconds / 2);
        StringBuilder signs = new StringBuilder();
        StringBuilder verifies = new StringBuilder();
        for (int i = 0; i < rounds; i++) {
            signs.append(i == 0 ? "" : " / ").append(measure(() -> sign(signer, keys, payload), seconds));
            verifies.append(i == 0 ? "" : " / ").append(measure(() -> verify(verifier, keys, payload, signature), seconds));
        }
        System.out.printf("%-6s sign/s   %s%n", name, signs);
        System.out.printf("%-6s verify/s %s%n", name, verifies);
    }

    interface Op {
        Object run() throws Exception;
    }

    static long measure(Op op, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < end) {
            op.run();
            count++;
        }
        return Math.round(count / ((System.nanoTime() - start) / 1e9));
    }

    static byte[] sign(Signature signer, KeyPair keys, byte[] payload) throws Exception {
        signer.initSign(keys.getPrivate());
        signer.update(payload);
        return signer.sign();
    }

    static Boolean verify(Signature verifier, KeyPair keys, byte[] payload, byte[] signature) throws Exception {
        verifier.initVerify(keys.getPublic());
        verifier.update(payload);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("signature did not verify");
        }
        return Boolean.TRUE;
    }

}
