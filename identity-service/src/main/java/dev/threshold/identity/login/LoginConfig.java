package dev.threshold.identity.login;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Client addresses and the lockout beyond the org's policy. The policy's {@code maxFailedAttempts}
 * counts per account and client address, so an attacker elsewhere cannot lock a person out (there
 * is no account-wide lock); one address locks after {@code clientMaxFailures} failures on any
 * accounts, known or not (spraying). See {@link LoginThrottle}.
 */
@ConfigMapping(prefix = "threshold.login")
public interface LoginConfig {

    /**
     * CIDRs of the proxies (the gateway) whose {@code X-Forwarded-For} is believed; from any other
     * peer the TCP peer's address is the client's. Default: loopback (the local gateway).
     */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedProxies();

    @WithDefault("50")
    int clientMaxFailures();

    @WithDefault("5m")
    Duration clientLockout();

    /** An email in more orgs than this is checked against the first ones only. */
    @WithDefault("10")
    int maxOrgCandidates();
}
