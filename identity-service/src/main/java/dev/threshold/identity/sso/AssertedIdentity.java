package dev.threshold.identity.sso;

/**
 * Who an identity provider says the person is, after the provider's {@link ClaimMapping} was
 * applied: a normalized address (trimmed, lower case) inside the provider's allowed domains that
 * counts as verified, and a display name if the provider sent one. Protocol-neutral: OIDC claims
 * and SAML attributes end up here alike.
 *
 * @param email normalized address, never null
 * @param emailVerified always true for an identity that {@link ClaimMapping#assertIdentity} returned
 *        (kept explicit so that a caller never has to assume it)
 * @param name display name, or null
 */
public record AssertedIdentity(String email, boolean emailVerified, String name) {

    /** Never prints the address or the name (logs). */
    @Override
    public String toString() {
        return "AssertedIdentity[emailVerified=" + emailVerified + "]";
    }
}
