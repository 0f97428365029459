package dev.threshold.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.SecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bearer tokens already verified by this process, so a resource server pays one signature
 * verification per token instead of one per request (an ES256 verify costs more than the rest of
 * a small authenticated request). Keyed by the SHA-256 of the raw token (the token itself is
 * never kept as a key), bounded in size, and an entry never outlives its token: it is refused
 * once {@code exp} is reached on the injected {@link Clock}, and Caffeine drops it at the same
 * time. Only successful verifications are stored ({@link VerifiedTokenRecorder}); a token that
 * fails or was never seen is a miss, and the normal verification decides.
 * <p>
 * What the cache does not see: a signing key removed from the JWKS before its tokens expire
 * (they stay accepted until {@code exp}, as they would with a cached JWKS). Access tokens are
 * short-lived (docs/tokens.md), which bounds this.
 */
public final class VerifiedTokenCache {

    private record Entry(SecurityIdentity identity, Instant expiresAt) {
    }

    private final Clock clock;
    private final Cache<String, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stores = new LongAdder();

    public VerifiedTokenCache(Clock clock, long maximumSize) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return nanosUntil(entry.expiresAt());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return nanosUntil(entry.expiresAt());
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The identity verified earlier for this exact token, if its {@code exp} is still ahead. */
    public Optional<SecurityIdentity> get(String rawToken) {
        String key = key(rawToken);
        Entry entry = entries.getIfPresent(key);
        if (entry != null && clock.instant().isBefore(entry.expiresAt())) {
            hits.increment();
            return Optional.of(entry.identity());
        }
        if (entry != null) {
            entries.invalidate(key);
        }
        misses.increment();
        return Optional.empty();
    }

    /**
     * Remembers a verified token until {@code expiresAt}; a token without expiry or already expired
     * is not stored.
     */
    public void put(String rawToken, SecurityIdentity identity, Instant expiresAt) {
        if (rawToken == null || rawToken.isEmpty() || identity == null || expiresAt == null
                || !clock.instant().isBefore(expiresAt)) {
            return;
        }
        entries.put(key(rawToken), new Entry(identity, expiresAt));
        stores.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Tokens stored, that is successful verifications this cache learnt from. */
    public long stores() {
        return stores.sum();
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    public void clear() {
        entries.invalidateAll();
    }

    private long nanosUntil(Instant expiresAt) {
        try {
            return Math.max(0, Duration.between(clock.instant(), expiresAt).toNanos());
        } catch (ArithmeticException farFuture) {
            return Long.MAX_VALUE;
        }
    }

    static String key(String rawToken) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(rawToken.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
