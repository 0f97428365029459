package dev.threshold.identity.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.threshold.common.caller.Claims;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies this region's access tokens in process, against the same key store that signs them
 * (identity-service is the issuer, so it needs no HTTP round trip to its own JWKS). Only ES256,
 * only our issuer, only audience {@code threshold}; an mfaToken is refused here.
 *
 * <p>An access token is verified once: the verified claims stay in a bounded cache keyed by the
 * token's SHA-256 until the token's {@code exp} (by the application clock), so a repeated token
 * skips the ES256 check (the cost of every authenticated call otherwise). Every call, cached or
 * not, still refuses tokens of ended sessions ({@link RevokedSessions}).
 */
@ApplicationScoped
public class AccessTokenVerifier {

    static final int CLOCK_SKEW_SECONDS = 30;
    static final int CACHED_TOKENS = 10_000;
    private static final JwtConsumer HEADER_READER = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    private final SigningKeys keys;
    private final Issuer issuer;
    private final Clock clock;
    private final RevokedSessions revoked;
    private final Cache<String, Verified> verified;

    public AccessTokenVerifier(SigningKeys keys, Issuer issuer, Clock clock, RevokedSessions revoked) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
        this.revoked = revoked;
        this.verified = Caffeine.newBuilder().maximumSize(CACHED_TOKENS).expireAfter(new UntilExpiry()).build();
    }

    /**
     * The verified access token, or a failure with {@link InvalidTokenException} ({@link
     * SessionEndedException} when its session ended).
     */
    public Uni<JsonWebToken> verify(String token) {
        String key = SecretHash.of(token);
        Verified hit = verified.getIfPresent(key);
        if (hit != null) {
            if (clock.millis() < hit.expiresAtMillis()) {
                return Uni.createFrom().item(() -> requireLiveSession(hit.token()));
            }
            verified.invalidate(key);
        }
        return verify(token, Claims.ACCESS_AUDIENCE)
                .invoke(jwt -> remember(key, jwt))
                .map(this::requireLiveSession);
    }

    private void remember(String key, JsonWebToken jwt) {
        long expiresAtMillis = jwt.getExpirationTime() * 1000L;
        if (expiresAtMillis > clock.millis()) {
            verified.put(key, new Verified(jwt, expiresAtMillis));
        }
    }

    private JsonWebToken requireLiveSession(JsonWebToken jwt) {
        String sid = Claims.text(jwt, Claims.SESSION);
        if (sid != null) {
            UUID sessionId;
            try {
                sessionId = UUID.fromString(sid);
            } catch (IllegalArgumentException e) {
                throw new InvalidTokenException("malformed sid");
            }
            if (revoked.isEnded(sessionId)) {
                throw new SessionEndedException();
            }
        }
        return jwt;
    }

    /** A verified token and when it stops being valid (its {@code exp}). */
    private record Verified(JsonWebToken token, long expiresAtMillis) {
    }

    /** A cache entry lives until its token's {@code exp} by the application clock, never longer. */
    private final class UntilExpiry implements Expiry<String, Verified> {
        @Override
        public long expireAfterCreate(String key, Verified value, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.expiresAtMillis() - clock.millis()));
        }

        @Override
        public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** A verified mfaToken (audience {@code threshold-mfa}), or a failure with {@link InvalidTokenException}. */
    public Uni<JsonWebToken> verifyMfaToken(String token) {
        return verify(token, Claims.MFA_AUDIENCE);
    }

    private Uni<JsonWebToken> verify(String token, String audience) {
        String kid;
        try {
            JwtContext unverified = HEADER_READER.process(token);
            kid = unverified.getJoseObjects().get(0).getKeyIdHeaderValue();
        } catch (InvalidJwtException | RuntimeException e) {
            return Uni.createFrom().failure(new InvalidTokenException("malformed token"));
        }
        if (kid == null) {
            return Uni.createFrom().failure(new InvalidTokenException("token without kid"));
        }
        return keys.keys()
                .chain(set -> set.publishes(kid) ? Uni.createFrom().item(set) : keys.reloadForUnknownKid())
                .map(set -> verify(token, set, audience));
    }

    private JsonWebToken verify(String token, KeySet set, String audience) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(set.published().getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(issuer.url())
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        try {
            JwtContext context = consumer.process(token);
            return new DefaultJWTCallerPrincipal(token, "JWT", context.getJwtClaims());
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    /** The token is not one of ours, or no longer valid. The message never contains the token. */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A valid token of a session that ended (logout, reuse, password change...). */
    public static class SessionEndedException extends InvalidTokenException {
        public SessionEndedException() {
            super("session ended");
        }
    }

    /** The cache key: base64url of the token's SHA-256, so the cache never holds a usable token. */
    static final class SecretHash {
        private SecretHash() {
        }

        static String of(String token) {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
