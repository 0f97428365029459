package dev.threshold.identity.login;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Lockout beyond the org's policy. The policy's {@code maxFailedAttempts} counts per account and
 * client address, so an attacker elsewhere cannot lock a person out; the account as a whole locks
 * after {@code accountFailureFactor} times as many failures (many addresses guessing one password),
 * and one address locks after {@code clientMaxFailures} failures on any accounts (spraying).
 */
@ConfigMapping(prefix = "threshold.login")
public interface LoginConfig {

    /** Take the client address from the last X-Forwarded-For hop (the gateway's); false: the TCP peer. */
    @WithDefault("true")
    boolean trustForwardedFor();

    @WithDefault("5")
    int accountFailureFactor();

    @WithDefault("50")
    int clientMaxFailures();

    @WithDefault("5m")
    Duration clientLockout();

    /** An email in more orgs than this is checked against the first ones only. */
    @WithDefault("10")
    int maxOrgCandidates();
}
