package dev.threshold.identity.sso;

/**
 * Who an identity provider says the person is, whatever the protocol: what a verified OpenID Connect
 * ID token or a validated SAML assertion yields, and all that {@link SsoLoginService} needs to match,
 * activate or provision the person. {@code email} may be null (the provider sent none).
 */
public record SsoIdentity(String email, boolean emailVerified, String name) {

    /** Never prints the address (logs). */
    @Override
    public String toString() {
        return "SsoIdentity[emailVerified=" + emailVerified + "]";
    }
}
