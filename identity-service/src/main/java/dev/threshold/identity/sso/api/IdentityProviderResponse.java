package dev.threshold.identity.sso.api;

import dev.threshold.identity.sso.ClaimMapping;
import dev.threshold.identity.sso.IdentityProvider;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An identity provider as its org's admins see it: everything but the client secret, with its claim mapping. */
public record IdentityProviderResponse(UUID id, String type, String displayName, String issuer, String clientId,
        String iconUrl, List<String> scopes, String emailClaim, boolean jitProvisioning, boolean trustEmail,
        List<String> allowedDomains, String nameClaim, List<String> jitRoles, Instant createdAt, Instant updatedAt) {

    public static IdentityProviderResponse of(IdentityProvider idp) {
        ClaimMapping mapping = idp.claimMapping();
        return new IdentityProviderResponse(idp.id, idp.type, idp.displayName, idp.issuer, idp.clientId, idp.iconUrl,
                idp.scopeList(), mapping.emailClaim(), idp.jitProvisioning, mapping.trustEmail(), mapping.allowedDomains(),
                mapping.nameClaim(), mapping.jitRoles(), idp.createdAt, idp.updatedAt);
    }
}
