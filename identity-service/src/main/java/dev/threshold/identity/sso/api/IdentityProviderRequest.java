package dev.threshold.identity.sso.api;

import jakarta.validation.constraints.NotBlank;
import dev.threshold.identity.sso.ClaimMapping;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v2/orgs/me/identityproviders}: a new OpenID Connect provider ({@code issuer},
 * {@code clientId}, {@code clientSecret}) or SAML 2.0 provider ({@code metadataXml}, or
 * {@code metadataUrl}, or {@code entityId} + {@code ssoUrl} + {@code certificates}); see {@link Required}.
 */
@Required
public record IdentityProviderRequest(
        @NotBlank @Pattern(regexp = "oidc|saml", message = "{threshold.idp.type}") String type,
        @NotBlank @Size(max = 100) String displayName,
        @Size(max = 500) String issuer,
        @Size(max = 255) String clientId,
        @Size(max = 1000) String clientSecret,
        @Size(max = 100_000) String iconUrl,
        @Size(max = 20) List<@Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}", message = "{threshold.idp.scope}") String> scopes,
        @Size(min = 1, max = 255) @Pattern(regexp = ClaimMapping.CLAIM_NAME_PATTERN, message = "{threshold.idp.claim}") String emailClaim,
        Boolean jitProvisioning,
        Boolean trustEmail,
        @Size(max = ClaimMapping.MAX_DOMAINS) List<@NotNull @Size(max = 253) String> allowedDomains,
        @Size(min = 1, max = 255) @Pattern(regexp = ClaimMapping.CLAIM_NAME_PATTERN, message = "{threshold.idp.claim}") String nameClaim,
        @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = "user|admin", message = "{threshold.role}") String> jitRoles,
        // SAML 2.0
        @Size(max = 1_000_000) String metadataXml,
        @Size(max = 2000) String metadataUrl,
        @Size(max = 1000) String entityId,
        @Size(max = 2000) String ssoUrl,
        @Size(max = 4) List<@NotBlank @Size(max = 20_000) String> certificates,
        Boolean allowIdpInitiated) {

    /** Never prints the client secret (records would), wherever a request ends up in a log. */
    @Override
    public String toString() {
        return "IdentityProviderRequest[type=" + type + ", displayName=" + displayName + ", issuer=" + issuer
                + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
