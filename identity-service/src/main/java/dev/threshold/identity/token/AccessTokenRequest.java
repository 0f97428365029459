package dev.threshold.identity.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A Bearer access token of ours. Its own request type (not quarkus' TokenAuthenticationRequest)
 * keeps our tokens and quarkus-oidc's (the IdP's ID tokens during SSO) apart: each identity
 * provider only ever sees its own kind.
 */
public final class AccessTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public AccessTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
