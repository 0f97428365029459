package dev.threshold.mfa.recovery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Recovery codes: {@value #COUNT} per user, shown once, single use. A code is {@value #LENGTH}
 * characters of Crockford's base32 alphabet (5 random bits each, 100 bits), written
 * {@code abcd-efgh-jkmn-pqrs-tvwx}. Its first {@value #LOOKUP} characters are a lookup, unique
 * within the set and stored in clear, that selects the one row to verify, so an attempt costs one
 * slow hash, not ten; the whole code is stored only as an Argon2id hash, so the 80 bits after the
 * lookup stand between a copy of the database and a usable code. Hashing runs on
 * {@link HashingPool}, never on the event loop.
 */
@ApplicationScoped
public class RecoveryCodes {

    public static final int COUNT = 10;
    static final int LENGTH = 20;
    static final int LOOKUP = 4;
    static final int GROUP = 4;
    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RecoveryCodeRepository codes;
    private final CodeHasher hasher;
    private final HashingPool pool;
    private final Clock clock;
    private volatile String dummyHash;

    public RecoveryCodes(RecoveryCodeRepository codes, CodeHasher hasher, HashingPool pool, Clock clock) {
        this.codes = codes;
        this.hasher = hasher;
        this.pool = pool;
        this.clock = clock;
    }

    /** The state of a user's set: unused codes left and when the set was made (null: never). */
    public record Status(int remaining, Instant createdAt) {
    }

    /**
     * Replaces the user's codes with a fresh set (in the current transaction; the old set stops
     * working) and returns them in clear, once.
     */
    public Uni<List<String>> issue(String userId, UUID orgId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<String> clear = generateSet();
        return pool.run(() -> clear.stream().map(code -> hasher.hash(normalize(code))).toList())
                .chain(hashes -> {
                    List<RecoveryCode> rows = new ArrayList<>(COUNT);
                    for (int i = 0; i < COUNT; i++) {
                        RecoveryCode row = new RecoveryCode();
                        row.id = UUID.randomUUID();
                        row.userId = userId;
                        row.orgId = orgId;
                        row.lookup = normalize(clear.get(i)).substring(0, LOOKUP);
                        row.codeHash = hashes.get(i);
                        row.createdAt = now;
                        rows.add(row);
                    }
                    return codes.deleteAllOf(userId, orgId).chain(() -> codes.persist(rows));
                })
                .replaceWith(clear);
    }

    /** Uses one of the user's unused codes if {@code given} is one (in the current transaction). */
    public Uni<Boolean> redeem(String userId, UUID orgId, String given) {
        String normalized = normalize(given);
        if (!wellFormed(normalized)) {
            return Uni.createFrom().item(false);
        }
        return codes.unused(userId, orgId, normalized.substring(0, LOOKUP))
                .chain(row -> pool.run(() -> {
                    // an unknown lookup costs a hash too, so the time does not tell which lookups exist
                    boolean matches = hasher.verify(normalized, row == null ? dummyHash() : row.codeHash);
                    return row != null && matches;
                }).chain(matches -> matches ? codes.use(row.id, clock.instant().truncatedTo(ChronoUnit.MICROS))
                        : Uni.createFrom().item(false)));
    }

    public Uni<Status> status(String userId, UUID orgId) {
        return codes.all(userId, orgId).map(all -> new Status(
                (int) all.stream().filter(code -> code.usedAt == null).count(),
                all.stream().map(code -> code.createdAt).min(Instant::compareTo).orElse(null)));
    }

    /** {@value #COUNT} codes whose lookups differ. */
    static List<String> generateSet() {
        List<String> set = new ArrayList<>(COUNT);
        Set<String> lookups = new HashSet<>();
        while (set.size() < COUNT) {
            String code = generate();
            if (lookups.add(code.substring(0, LOOKUP))) {
                set.add(code);
            }
        }
        return set;
    }

    static String generate() {
        StringBuilder out = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append('-');
            }
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** Lower case without separators; Crockford's look-alikes (o, i, l) read as 0 and 1. */
    static String normalize(String code) {
        StringBuilder out = new StringBuilder(LENGTH);
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

    static boolean wellFormed(String normalized) {
        return normalized.length() == LENGTH && normalized.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    private String dummyHash() {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = hasher.hash(generate().replace("-", ""));
            dummyHash = dummy;
        }
        return dummy;
    }
}
