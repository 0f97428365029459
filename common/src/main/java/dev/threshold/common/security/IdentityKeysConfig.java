package dev.threshold.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code threshold.identity-keys.*}, the guard of identity-service's signing keys in the services
 * that verify its tokens with quarkus-oidc ({@link IdentityKeys}). {@code enabled} is read at
 * build time (it decides whether the guard's beans exist); the JWKS address is quarkus-oidc's own
 * ({@code quarkus.oidc.auth-server-url} + {@code quarkus.oidc.jwks-path}), and without an
 * {@code auth-server-url} (tests that trust a fixed {@code public-key}) the guard stays out of the way.
 */
@ConfigMapping(prefix = "threshold.identity-keys")
public interface IdentityKeysConfig {

    @WithDefault("false")
    boolean enabled();

    /** An unknown {@code kid} within this time of the last successful read is refused without asking again. */
    @WithDefault("1s")
    Duration minRefreshInterval();

    /** A key list older than this is read again in the background at the next request. */
    @WithDefault("5m")
    Duration maxAge();

    /** Connect and idle timeout of one JWKS request (each retry has its own). */
    @WithDefault("2s")
    Duration timeout();
}
