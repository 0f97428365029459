package dev.threshold.common.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs after {@link CachedBearerAuthenticationMechanism} (a token verified before never gets
 * here, so it keeps working while identity-service is down) and before quarkus-oidc's bearer
 * mechanism: a bearer whose signing key identity-service publishes goes on to quarkus-oidc; one
 * whose key cannot be checked because identity-service does not answer fails with
 * {@code 503 identity_unavailable} ({@link IdentityKeys}). It never creates an identity itself.
 */
@ApplicationScoped
@IfBuildProperty(name = IdentityKeysProducer.ENABLED, stringValue = "true")
public class IdentityKeysMechanism extends PassThroughMechanism {

    /** Below the cache's priority, above quarkus-oidc's ({@code DEFAULT_PRIORITY + 1}). */
    static final int PRIORITY = DEFAULT_PRIORITY + 500;

    private final IdentityKeys keys;

    public IdentityKeysMechanism(IdentityKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!keys.active()) {
            return Uni.createFrom().nullItem();
        }
        String token = CachedBearerAuthenticationMechanism.bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return keys.admit(token).onItem().transform(admitted -> (SecurityIdentity) null);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
