package dev.threshold.identity.token;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
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
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final int CLOCK_SKEW_SECONDS = 30;
    private static final JwtConsumer HEADER_READER = new JwtConsumerBuilder()
            .setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification().build();

    private final SigningKeys keys;
    private final Issuer issuer;
    private final Clock clock;

    public AccessTokenVerifier(SigningKeys keys, Issuer issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The verified access token, or a failure with {@link InvalidTokenException}. */
    public Uni<JsonWebToken> verify(String token) {
        return verify(token, AccessTokens.AUDIENCE);
    }

    /** A verified mfaToken (audience {@code threshold-mfa}), or a failure with {@link InvalidTokenException}. */
    public Uni<JsonWebToken> verifyMfaToken(String token) {
        return verify(token, AccessTokens.MFA_AUDIENCE);
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
}
