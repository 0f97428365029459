package dev.threshold.identity.sso;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An identity provider that vouches for the people of one organization, with the {@link ClaimMapping}
 * that turns its claims (OIDC) or attributes (SAML) into a person: OpenID Connect (client id and
 * sealed secret here) or SAML 2.0 ({@code issuer} is the IdP's entity id, the rest in
 * {@link dev.threshold.identity.sso.saml.SamlProvider}).
 */
@Entity
@Table(name = "identity_provider")
public class IdentityProvider {

    public static final String OIDC = "oidc";
    public static final String SAML = "saml";

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String type;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public String issuer;

    /** OpenID Connect only (null for SAML). */
    @Column(name = "client_id")
    public String clientId;

    /** AES-256-GCM, see {@link ClientSecrets}; never leaves this service in any other form. OIDC only. */
    @Column(name = "client_secret_sealed")
    public byte[] clientSecretSealed;

    @Column(name = "client_secret_key_id")
    public String clientSecretKeyId;

    @Column(name = "icon_url")
    public String iconUrl;

    /** Space-separated extra scopes ({@code openid} is always asked for). */
    public String scopes;

    @Column(name = "email_claim", nullable = false)
    public String emailClaim;

    @Column(name = "jit_provisioning", nullable = false)
    public boolean jitProvisioning;

    /** The provider's address counts as verified without {@code email_verified} (needs allowed domains). */
    @Column(name = "trust_email", nullable = false)
    public boolean trustEmail;

    /** Space-separated lower-case domains the provider may speak for; null: any. */
    @Column(name = "allowed_domains")
    public String allowedDomains;

    @Column(name = "name_claim", nullable = false)
    public String nameClaim = ClaimMapping.DEFAULT_NAME_CLAIM;

    /** Comma-separated roles of people created just in time (as {@code app_user.roles}). */
    @Column(name = "jit_roles", nullable = false)
    public String jitRoles = String.join(",", ClaimMapping.DEFAULT_JIT_ROLES);

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** How this provider's claims become a person (protocol-neutral, see {@link ClaimMapping}). */
    public ClaimMapping claimMapping() {
        return new ClaimMapping(emailClaim, trustEmail,
                allowedDomains == null || allowedDomains.isBlank() ? List.of() : Arrays.asList(allowedDomains.trim().split(" +")),
                nameClaim, jitRoles == null || jitRoles.isBlank() ? List.of() : Arrays.asList(jitRoles.split(",")));
    }

    /** Stores a validated mapping in this row's columns. */
    public void apply(ClaimMapping mapping) {
        emailClaim = mapping.emailClaim();
        trustEmail = mapping.trustEmail();
        allowedDomains = mapping.allowedDomains().isEmpty() ? null : String.join(" ", mapping.allowedDomains());
        nameClaim = mapping.nameClaim();
        jitRoles = String.join(",", mapping.jitRoles());
    }

    public List<String> scopeList() {
        return scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.trim().split(" +"));
    }
}
