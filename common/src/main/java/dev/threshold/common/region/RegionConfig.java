package dev.threshold.common.region;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which region this service instance serves, and what it is called. */
@ConfigMapping(prefix = "threshold")
public interface RegionConfig {

    /** Region code, e.g. {@code eu-central-1}. Data of other regions is never served here. */
    @WithDefault("us-east-1")
    String region();

    /** Name of this service, as it appears in events' {@code source} and in service-info. */
    @WithDefault("threshold")
    String service();
}
