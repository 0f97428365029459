package dev.threshold.identity.sso.saml;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** SAML 2.0 sign-in (docs/sso.md, "SAML"); the rest is shared with OpenID Connect in {@code threshold.sso}. */
@ConfigMapping(prefix = "threshold.saml")
public interface SamlConfig {

    /**
     * Where an unsolicited (IdP-initiated) response lands when its RelayState names no allowed
     * return URL: this path on the first of {@code threshold.sso.allowed-return-origins}.
     */
    @WithDefault("/login/sso")
    String idpInitiatedPath();
}
