package dev.threshold.common.overload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code threshold.overload.*}: how much a service works on at once before it refuses more. */
@ConfigMapping(prefix = "threshold.overload")
public interface OverloadConfig {

    /**
     * Most requests in progress on the public port; one more is answered {@code 503 overloaded} with
     * {@code Retry-After: 1}. 0 turns the limit off. Env {@code THRESHOLD_OVERLOAD_MAX_IN_FLIGHT}.
     */
    @WithDefault("64")
    int maxInFlight();
}
