package dev.threshold.common.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.credential.Credential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Remembers each identity quarkus-oidc has just verified from a bearer token, keyed by that token,
 * until the token's {@code exp} (the {@code quarkus.identity.expire-time} attribute quarkus-oidc
 * sets from the verified claims). Runs after every other augmentor, so a cache hit gets the same
 * roles and attributes. Augmentors run only after a successful verification: a refused token is
 * never stored.
 */
@ApplicationScoped
@IfBuildProperty(name = TokenCacheProducer.ENABLED, stringValue = "true")
public class VerifiedTokenRecorder implements SecurityIdentityAugmentor {

    static final String EXPIRE_TIME = "quarkus.identity.expire-time";

    private final VerifiedTokenCache cache;

    public VerifiedTokenRecorder(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public int priority() {
        // augmentors run from the highest priority down: this one last
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        record(identity);
        return Uni.createFrom().item(identity);
    }

    void record(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()
                || !(identity.getAttribute(EXPIRE_TIME) instanceof Number expireTime)) {
            return;
        }
        String token = bearerToken(identity);
        if (token == null) {
            return;
        }
        // the request that verified it is over by the next hit: don't keep it alive in the cache
        cache.put(token, RequestBoundIdentity.withoutAttribute(identity, RoutingContext.class.getName()),
                Instant.ofEpochSecond(expireTime.longValue()));
    }

    private static String bearerToken(SecurityIdentity identity) {
        for (Credential credential : identity.getCredentials()) {
            if (credential instanceof TokenCredential token && "bearer".equalsIgnoreCase(token.getType())) {
                return token.getToken();
            }
        }
        return null;
    }
}
