package dev.threshold.identity.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Access tokens, mfaTokens and their signing keys (docs/tokens.md). */
@ConfigMapping(prefix = "threshold.tokens")
public interface TokenConfig {

    /** The longest access-token lifetime configuration may ask for. */
    Duration MAX_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);

    /** The public base URL; a region's issuer is {@code <base>/regions/<region>}. */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /**
     * How long an access token lives: at most {@link #MAX_ACCESS_TOKEN_TTL} (checked at start),
     * because other services accept a token of an ended session until it expires.
     */
    @WithDefault("5m")
    Duration accessTokenTtl();

    @WithDefault("5m")
    Duration mfaTokenTtl();

    /** A new signing key takes over after this long; the previous one stays published until its tokens expired. */
    @WithDefault("30d")
    Duration rotationInterval();

    /** How often an instance re-reads the keys (another instance may have rotated). */
    @WithDefault("30s")
    Duration keyRefresh();

    /** AES-256 key (base64) that encrypts the private signing keys at rest. */
    String keyEncryptionKey();

    @WithDefault("k1")
    String keyEncryptionKeyId();
}
