package dev.threshold.common.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Runs before quarkus-oidc's bearer mechanism: a bearer token this process already verified (and
 * whose {@code exp} is ahead) is answered from {@link VerifiedTokenCache} without another
 * signature check; anything else (no bearer, unknown, expired or tampered token) returns no
 * identity, so quarkus-oidc authenticates the request exactly as before and its failures and
 * challenges stay its own.
 */
@ApplicationScoped
@IfBuildProperty(name = TokenCacheProducer.ENABLED, stringValue = "true")
public class CachedBearerAuthenticationMechanism extends PassThroughMechanism {

    /** Above quarkus-oidc's default ({@code DEFAULT_PRIORITY + 1}), so the cache is asked first. */
    static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    private static final String BEARER = "bearer ";

    private final VerifiedTokenCache cache;

    public CachedBearerAuthenticationMechanism(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<SecurityIdentity> cached = cache.get(token);
        if (cached.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        // the identity is shared by every request with this token: give it this request's context
        return Uni.createFrom().item(new RequestBoundIdentity(cached.get(), RoutingContext.class.getName(), context));
    }

    /** The token after {@code Bearer } (scheme case-insensitive), as quarkus-oidc reads it; else null. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
