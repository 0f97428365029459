package dev.threshold.identity.token;

import dev.threshold.common.caller.Claims;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens and mfaTokens with the region's active key (claims: docs/tokens.md). Created
 * at start, so a too long access-token lifetime stops the service at once.
 */
@Startup
@ApplicationScoped
public class AccessTokens {

    private final SigningKeys keys;
    private final Issuer issuer;
    private final TokenConfig config;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, Issuer issuer, TokenConfig config, Clock clock) {
        requireShortLived(config.accessTokenTtl());
        this.keys = keys;
        this.issuer = issuer;
        this.config = config;
        this.clock = clock;
    }

    /** A longer lifetime would keep tokens of ended sessions alive too long elsewhere: refused at start. */
    public static void requireShortLived(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(TokenConfig.MAX_ACCESS_TOKEN_TTL) > 0) {
            throw new IllegalStateException("threshold.tokens.access-token-ttl must be between 1s and "
                    + TokenConfig.MAX_ACCESS_TOKEN_TTL.toSeconds() + "s, is " + ttl.toSeconds() + "s");
        }
    }

    public Duration accessTokenTtl() {
        return config.accessTokenTtl();
    }

    public Duration mfaTokenTtl() {
        return config.mfaTokenTtl();
    }

    /** An access token of a person (a session) or of an API client ({@code sessionId} null, no email). */
    public Uni<String> accessToken(AccessTokenClaims claims) {
        return keys.keys().map(set -> {
            JwtClaimsBuilder builder = base(claims.subject(), claims.orgId(), Set.of(Claims.ACCESS_AUDIENCE), config.accessTokenTtl())
                    .claim(Claims.ROLES, claims.roles())
                    .claim(Claims.AMR, claims.amr());
            if (claims.email() != null) {
                builder.claim(Claims.EMAIL, claims.email());
            }
            if (claims.sessionId() != null) {
                builder.claim(Claims.SESSION, claims.sessionId().toString());
            }
            return builder.jws().algorithm(SignatureAlgorithm.ES256).keyId(set.activeKid()).sign(set.activeKey());
        });
    }

    /** The narrow token of a login that waits for MFA: only mfa-service accepts it. */
    public Uni<String> mfaToken(UUID userId, UUID orgId, String email, UUID flowId, String action) {
        return keys.keys().map(set -> base(userId.toString(), orgId, Set.of(Claims.MFA_AUDIENCE), config.mfaTokenTtl())
                .claim(Claims.EMAIL, email)
                .claim(Claims.FLOW, flowId.toString())
                .claim(Claims.MFA_ACTION, action)
                .jws().algorithm(SignatureAlgorithm.ES256).keyId(set.activeKid()).sign(set.activeKey()));
    }

    private JwtClaimsBuilder base(String subject, UUID orgId, Set<String> audience, Duration ttl) {
        Instant now = clock.instant();
        return Jwt.claims()
                .issuer(issuer.url())
                .subject(subject)
                .audience(audience)
                .claim(Claims.ORG, orgId.toString())
                .claim(Claims.REGION, issuer.region())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(ttl).getEpochSecond())
                .claim(Claims.TOKEN_ID, UUID.randomUUID().toString());
    }

    /** What an access token says. */
    public record AccessTokenClaims(String subject, UUID orgId, List<String> roles, List<String> amr, String email,
            UUID sessionId) {
    }
}
