package dev.threshold.mfa.recovery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Recovery codes: {@value #COUNT} per user, {@code xxxxx-xxxxx} in Crockford's base32 alphabet
 * (50 random bits each), shown once, stored as SHA-256(salt || code), single use. Codes are high
 * entropy, so a fast salted hash is enough; comparison is constant time.
 */
@ApplicationScoped
public class RecoveryCodes {

    public static final int COUNT = 10;
    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RecoveryCodeRepository codes;
    private final Clock clock;

    public RecoveryCodes(RecoveryCodeRepository codes, Clock clock) {
        this.codes = codes;
        this.clock = clock;
    }

    /** Replaces the user's codes with a fresh set (in the current transaction) and returns them in clear, once. */
    public Uni<List<String>> issue(String userId, UUID orgId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<String> clear = new ArrayList<>(COUNT);
        List<RecoveryCode> rows = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = generate();
            clear.add(code);
            RecoveryCode row = new RecoveryCode();
            row.id = UUID.randomUUID();
            row.userId = userId;
            row.orgId = orgId;
            row.salt = new byte[16];
            RANDOM.nextBytes(row.salt);
            row.codeHash = hash(row.salt, normalize(code));
            row.createdAt = now;
            rows.add(row);
        }
        return codes.deleteAllOf(userId, orgId)
                .chain(() -> codes.persist(rows))
                .replaceWith(clear);
    }

    /** Uses one of the user's unused codes if {@code given} is one (in the current transaction). */
    public Uni<Boolean> redeem(String userId, UUID orgId, String given) {
        String normalized = normalize(given);
        return codes.unused(userId, orgId).chain(unused -> {
            RecoveryCode match = null;
            for (RecoveryCode code : unused) {
                // every row is compared, so the time does not tell which one matched
                if (MessageDigest.isEqual(hash(code.salt, normalized), code.codeHash) && match == null) {
                    match = code;
                }
            }
            if (match == null || normalized.length() != 10) {
                return Uni.createFrom().item(false);
            }
            return codes.use(match.id, clock.instant().truncatedTo(ChronoUnit.MICROS));
        });
    }

    static String generate() {
        char[] out = new char[11];
        for (int i = 0, j = 0; i < 10; i++) {
            if (i == 5) {
                out[j++] = '-';
            }
            out[j++] = ALPHABET.charAt(RANDOM.nextInt(32));
        }
        return new String(out);
    }

    /** Lower case without separators; Crockford's look-alikes (o, i, l) read as 0 and 1. */
    static String normalize(String code) {
        StringBuilder out = new StringBuilder(10);
        for (char c : code.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            out.append(switch (c) {
                case 'o' -> '0';
                case 'i', 'l' -> '1';
                default -> c;
            });
        }
        return out.toString();
    }

    static byte[] hash(byte[] salt, String normalized) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(normalized.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
