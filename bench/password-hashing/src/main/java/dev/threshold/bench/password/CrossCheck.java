package dev.threshold.bench.password;

import com.sun.jna.NativeLibrary;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Before any timing: every implementation must compute the same function. Hashes a few
 * inputs with each and fails (exit 1) unless all agree byte for byte. Also prints which
 * libargon2 JNA loaded (the copy bundled in the argon2-jvm jar, or the system's).
 */
public final class CrossCheck {

    public static void main(String[] args) {
        Map<String, BinaryOperator<byte[]>> impls = new LinkedHashMap<>();
        impls.put("bouncycastle", Argon2Impls::bouncyCastle);
        impls.put("bouncycastlePooled", Argon2Impls::bouncyCastlePooled);
        impls.put("password4j", Argon2Impls::password4j);
        impls.put("argon2Native", Argon2Impls::argon2Native);

        String[] passwords = {"correct horse battery staple", "", "pässwörd-ünïcödé-🔑"};
        byte[][] salts = {
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"),
                "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100")};
        boolean ok = true;
        for (int i = 0; i < passwords.length; i++) {
            byte[] password = passwords[i].getBytes(StandardCharsets.UTF_8);
            String reference = null;
            for (Map.Entry<String, BinaryOperator<byte[]>> impl : impls.entrySet()) {
                String hex = HexFormat.of().formatHex(impl.getValue().apply(password, salts[i]));
                System.out.printf("cross-check input %d %-19s %s%n", i, impl.getKey(), hex);
                if (reference == null) {
                    reference = hex;
                } else if (!reference.equals(hex)) {
                    ok = false;
                }
            }
        }
        Argon2Impls.nativeArgon2();
        System.out.println("cross-check libargon2 loaded from: " + NativeLibrary.getInstance("argon2").getFile());
        System.out.println(ok ? "cross-check OK: all implementations agree" : "cross-check FAILED: implementations differ");
        if (!ok) {
            System.exit(1);
        }
    }
}
