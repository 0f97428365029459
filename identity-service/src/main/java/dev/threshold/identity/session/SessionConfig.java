package dev.threshold.identity.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "threshold.session")
public interface SessionConfig {

    /** However active, a session ends after this long. */
    @WithDefault("90d")
    Duration absoluteLifetime();

    /** A rotated refresh token presented again this soon is a race of two tabs, not a theft. */
    @WithDefault("10s")
    Duration reuseGrace();

    /** Secure cookies; off only for plain-http local runs. */
    @WithDefault("true")
    boolean cookieSecure();

    /** The refresh cookie is sent only to the auth API. */
    @WithDefault("/api/v2/auth")
    String cookiePath();
}
