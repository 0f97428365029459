package dev.threshold.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code threshold.token-cache.*}: {@code enabled} is read at build time (it decides whether the
 * cache beans exist); {@code max-size} bounds the number of remembered tokens.
 */
@ConfigMapping(prefix = "threshold.token-cache")
public interface TokenCacheConfig {

    @WithDefault("false")
    boolean enabled();

    @WithDefault("10000")
    long maxSize();
}
