package dev.threshold.identity.sso.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v2/orgs/me/identityproviders}: a new OpenID Connect provider. */
public record IdentityProviderRequest(
        @NotBlank @Pattern(regexp = "oidc", message = "{threshold.idp.type}") String type,
        @NotBlank @Size(max = 100) String displayName,
        @NotBlank @Size(max = 500) String issuer,
        @NotBlank @Size(max = 255) String clientId,
        @NotBlank @Size(max = 1000) String clientSecret,
        @Size(max = 100_000) String iconUrl,
        @Size(max = 20) List<@Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}", message = "{threshold.idp.scope}") String> scopes,
        @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "{threshold.idp.claim}") String emailClaim,
        Boolean jitProvisioning) {

    /** Never prints the client secret (records would), wherever a request ends up in a log. */
    @Override
    public String toString() {
        return "IdentityProviderRequest[type=" + type + ", displayName=" + displayName + ", issuer=" + issuer
                + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
