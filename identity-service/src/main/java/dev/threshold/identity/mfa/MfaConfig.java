package dev.threshold.identity.mfa;

import io.smallrye.config.ConfigMapping;

/** The MFA step of password logins (docs/tokens.md). */
@ConfigMapping(prefix = "threshold.mfa")
public interface MfaConfig {

    Proof proof();

    interface Proof {
        /** mfa-service's public key (X.509 PEM) that signs mfaProofs. */
        String verifyKey();
    }
}
