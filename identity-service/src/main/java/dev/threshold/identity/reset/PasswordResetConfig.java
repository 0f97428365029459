package dev.threshold.identity.reset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Forgotten passwords: how long a link works and how often one may be asked for. */
@ConfigMapping(prefix = "threshold.password-reset")
public interface PasswordResetConfig {

    /** How long an emailed link works (API.md: 60 minutes). */
    @WithDefault("60m")
    Duration ttl();

    /**
     * Requests for one email (known or not) per {@link #emailWindow()}, from any addresses; more
     * are answered the same {@code 202} but send nothing, so nobody can flood a person's mailbox.
     */
    @WithDefault("5")
    int emailMaxRequests();

    @WithDefault("1h")
    Duration emailWindow();

    /**
     * Requests from one client address (an IPv6 /64) per {@link #clientWindow()}, for any emails;
     * more are {@code 429 too_many_attempts} with {@code Retry-After}.
     */
    @WithDefault("30")
    int clientMaxRequests();

    @WithDefault("15m")
    Duration clientWindow();
}
