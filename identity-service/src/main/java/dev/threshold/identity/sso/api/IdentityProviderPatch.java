package dev.threshold.identity.sso.api;

import dev.threshold.identity.sso.ClaimMapping;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PATCH /api/v2/orgs/me/identityproviders/{id}}: any subset; absent fields keep their value.
 * Fields of the other protocol are refused ({@code idp_field_not_applicable}). For SAML, new
 * {@code metadataXml}, {@code metadataUrl} or {@code entityId}/{@code ssoUrl}/{@code certificates}
 * replace what the provider was registered with (certificate rollover). The claim mapping
 * ({@code emailClaim}, {@code trustEmail}, {@code allowedDomains}, {@code nameClaim}, {@code jitRoles})
 * applies to both protocols; {@code allowedDomains: []} allows any domain again.
 */
public record IdentityProviderPatch(
        @Size(min = 1, max = 100) String displayName,
        @Size(min = 1, max = 500) String issuer,
        @Size(min = 1, max = 255) String clientId,
        @Size(min = 1, max = 1000) String clientSecret,
        @Size(max = 100_000) String iconUrl,
        @Size(max = 20) List<@Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}", message = "{threshold.idp.scope}") String> scopes,
        @Size(min = 1, max = 255) @Pattern(regexp = ClaimMapping.CLAIM_NAME_PATTERN, message = "{threshold.idp.claim}") String emailClaim,
        Boolean jitProvisioning,
        Boolean trustEmail,
        @Size(max = ClaimMapping.MAX_DOMAINS) List<@NotNull @Size(max = 253) String> allowedDomains,
        @Size(min = 1, max = 255) @Pattern(regexp = ClaimMapping.CLAIM_NAME_PATTERN, message = "{threshold.idp.claim}") String nameClaim,
        @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = "user|admin", message = "{threshold.role}") String> jitRoles,
        // SAML 2.0
        @Size(min = 1, max = 1_000_000) String metadataXml,
        @Size(min = 1, max = 2000) String metadataUrl,
        @Size(min = 1, max = 1000) String entityId,
        @Size(min = 1, max = 2000) String ssoUrl,
        @Size(min = 1, max = 4) List<@NotBlank @Size(max = 20_000) String> certificates,
        Boolean allowIdpInitiated) {

    /** Never prints the client secret (records would), wherever a patch ends up in a log. */
    @Override
    public String toString() {
        return "IdentityProviderPatch[displayName=" + displayName + ", issuer=" + issuer + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "unchanged" : "***") + "]";
    }

    /** Any field that only applies to SAML providers. */
    public String samlField() {
        return metadataXml != null ? "metadataXml" : metadataUrl != null ? "metadataUrl" : entityId != null ? "entityId"
                : ssoUrl != null ? "ssoUrl" : certificates != null ? "certificates"
                : allowIdpInitiated != null ? "allowIdpInitiated" : null;
    }

    /** Any field that only applies to OpenID Connect providers. */
    public String oidcField() {
        return issuer != null ? "issuer" : clientId != null ? "clientId" : clientSecret != null ? "clientSecret"
                : scopes != null ? "scopes" : null;
    }

    /** Whether the patch replaces the SAML provider's description (metadata, endpoints or certificates). */
    public boolean replacesSamlDescriptor() {
        return metadataXml != null || metadataUrl != null || entityId != null || ssoUrl != null || certificates != null;
    }
}
