package dev.threshold.identity.sso.api;

import dev.threshold.identity.sso.IdentityProvider;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An identity provider as its org's admins see it: everything but the client secret. */
public record IdentityProviderResponse(UUID id, String type, String displayName, String issuer, String clientId,
        String iconUrl, List<String> scopes, String emailClaim, boolean jitProvisioning, Instant createdAt,
        Instant updatedAt) {

    public static IdentityProviderResponse of(IdentityProvider idp) {
        return new IdentityProviderResponse(idp.id, idp.type, idp.displayName, idp.issuer, idp.clientId, idp.iconUrl,
                idp.scopeList(), idp.emailClaim, idp.jitProvisioning, idp.createdAt, idp.updatedAt);
    }
}
