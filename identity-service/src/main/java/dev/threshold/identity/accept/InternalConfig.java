package dev.threshold.identity.accept;

import io.smallrye.config.ConfigMapping;

/** The shared secret of internal calls inside a region ({@code Authorization: Internal <token>}). */
@ConfigMapping(prefix = "threshold.internal")
public interface InternalConfig {

    String token();
}
