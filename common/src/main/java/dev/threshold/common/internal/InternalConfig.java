package dev.threshold.common.internal;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The shared secret of {@code /internal/**} calls between the services of a region. */
@ConfigMapping(prefix = "threshold.internal")
public interface InternalConfig {

    /**
     * {@code THRESHOLD_INTERNAL_TOKEN}, sent as {@code Authorization: Internal <token>}, at least
     * 16 characters. Without it the internal endpoints refuse every call (the service still starts).
     */
    Optional<String> token();
}
