package dev.threshold.identity.sso.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threshold.identity.sso.ClaimMapping;
import dev.threshold.identity.sso.IdentityProvider;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider as its org's admins see it: everything but the client secret, with its claim
 * mapping (both protocols). SAML providers also show the IdP's entity id, endpoints and certificates
 * (with their expiry, and a warning when the last of them ends within 30 days), and our service
 * provider's addresses to give to the IdP.
 */
public record IdentityProviderResponse(UUID id, String type, String displayName, String issuer, String clientId,
        String iconUrl, List<String> scopes, String emailClaim, boolean jitProvisioning, boolean trustEmail,
        List<String> allowedDomains, String nameClaim, List<String> jitRoles, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String entityId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String ssoUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String sloUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String metadataUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean allowIdpInitiated,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Certificate> certificates,
        @JsonInclude(JsonInclude.Include.NON_NULL) String certificateWarning,
        @JsonInclude(JsonInclude.Include.NON_NULL) ServiceProvider sp) {

    /** {@code certificateWarning} when the IdP's last certificate ends within 30 days. */
    public static final String CERTIFICATES_EXPIRING = "certificates_expiring";
    /** {@code certificateWarning} when every certificate of the IdP has ended: no sign-in works. */
    public static final String CERTIFICATES_EXPIRED = "certificates_expired";

    /** One IdP signing certificate. */
    public record Certificate(String subject, Instant notBefore, Instant notAfter, String fingerprintSha256,
            boolean expired) {
    }

    /** What the IdP's admin needs from us: our entity id, assertion consumer service and metadata (with our certificate). */
    public record ServiceProvider(String entityId, String acsUrl, String metadataUrl, Instant certificateNotAfter) {
    }

    /** The SAML part of a provider's view. */
    public record Saml(String entityId, String ssoUrl, String sloUrl, String metadataUrl, boolean allowIdpInitiated,
            List<Certificate> certificates, String certificateWarning, ServiceProvider sp) {
    }

    public static IdentityProviderResponse of(IdentityProvider idp) {
        return of(idp, null);
    }

    public static IdentityProviderResponse of(IdentityProvider idp, Saml saml) {
        ClaimMapping mapping = idp.claimMapping();
        return new IdentityProviderResponse(idp.id, idp.type, idp.displayName, idp.issuer, idp.clientId, idp.iconUrl,
                idp.scopeList(), mapping.emailClaim(), idp.jitProvisioning, mapping.trustEmail(), mapping.allowedDomains(),
                mapping.nameClaim(), mapping.jitRoles(), idp.createdAt, idp.updatedAt,
                saml == null ? null : saml.entityId(), saml == null ? null : saml.ssoUrl(),
                saml == null ? null : saml.sloUrl(), saml == null ? null : saml.metadataUrl(),
                saml == null ? null : saml.allowIdpInitiated(),
                saml == null ? null : saml.certificates(), saml == null ? null : saml.certificateWarning(),
                saml == null ? null : saml.sp());
    }
}
