package dev.threshold.identity.password;

import java.util.Base64;
import java.util.Optional;

/**
 * The PHC string format of an Argon2id hash, as the reference implementation writes it:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in standard Base64
 * without padding. Parsing is strict: anything else (other variants or versions, extra
 * parameters, padding, out-of-range numbers) is not ours and parses to empty.
 */
record Phc(Argon2Params params, byte[] salt, byte[] hash) {

    static final String PREFIX = "$argon2id$v=19$";
    static final int MIN_SALT = 8;
    static final int MAX_SALT = 64;
    static final int MIN_HASH = 16;
    static final int MAX_HASH = 64;
    private static final int MAX_LENGTH = 256;

    String encode() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    static Optional<Phc> parse(String phc) {
        if (phc == null || phc.length() > MAX_LENGTH || !phc.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = phc.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String[] costs = parts[0].split(",", -1);
        if (costs.length != 3) {
            return Optional.empty();
        }
        int m = number(costs[0], "m=");
        int t = number(costs[1], "t=");
        int p = number(costs[2], "p=");
        byte[] salt = base64(parts[1]);
        byte[] hash = base64(parts[2]);
        if (m < 0 || t < 0 || p < 0 || salt == null || hash == null
                || salt.length < MIN_SALT || salt.length > MAX_SALT || hash.length < MIN_HASH || hash.length > MAX_HASH) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Phc(new Argon2Params(m, t, p), salt, hash));
        } catch (IllegalArgumentException outOfRange) {
            return Optional.empty();
        }
    }

    /** A decimal without sign or leading zeros after {@code key}; -1 if it is not one. */
    private static int number(String part, String key) {
        if (!part.startsWith(key)) {
            return -1;
        }
        String digits = part.substring(key.length());
        if (digits.isEmpty() || digits.length() > 10 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    /** Standard alphabet, no padding (the PHC format's "B64"). */
    private static byte[] base64(String text) {
        if (text.isEmpty() || text.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return null;
            }
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
