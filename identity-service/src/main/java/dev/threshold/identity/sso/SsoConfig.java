package dev.threshold.identity.sso;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Single sign-on through an organization's OpenID Connect provider (docs/sso.md). */
@ConfigMapping(prefix = "threshold.sso")
public interface SsoConfig {

    /**
     * Origins (scheme://host[:port]) that {@code returnTo} may point to; anything else is refused
     * before the browser leaves for the IdP, so the flow can never be used as an open redirect.
     */
    @WithDefault("http://localhost:8080")
    List<String> allowedReturnOrigins();

    /**
     * The public base URL that the IdP sends the browser back to (the gateway); the callback is
     * {@code <base>/api/v2/auth/sso/<idpId>/callback?region=<region>}. Empty: the request's own
     * scheme and host (module tests, which run on a random port).
     */
    Optional<String> publicBaseUrl();

    /** How long discovery of an issuer may take (creating a provider, starting a sign-in). */
    @WithDefault("3s")
    Duration discoveryTimeout();

    /** How long the provider's userinfo endpoint may take, when the ID token lacks the address or its verification. */
    @WithDefault("10s")
    Duration userinfoTimeout();

    /** How long a person may spend at the IdP between start and callback. */
    @WithDefault("10m")
    Duration flowTimeout();

    /**
     * Whether identity providers (issuer and every endpoint of its discovery document) may live
     * on loopback or private addresses, and speak plain http. Off in production; {@code ./threshold}
     * and the tests turn it on (their IdP runs on loopback). Threshold's own services stay refused.
     */
    @WithDefault("false")
    boolean allowPrivateIssuers();

    /**
     * Base URLs of Threshold's own services (gateway/public base URL, identity, invitation, mfa):
     * an identity provider may never point at them, whatever {@link #allowPrivateIssuers()} says.
     * The process's own HTTP port is refused too, without being listed.
     */
    Optional<List<String>> ownServices();

    /** Most identity providers one organization may have. */
    @WithDefault("30")
    int maxPerOrg();
}
