package dev.threshold.identity.token;

import dev.threshold.common.region.RegionConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** This region's token issuer: {@code <public base URL>/regions/<region>}. */
@ApplicationScoped
public class Issuer {

    private final String url;
    private final String region;

    public Issuer(TokenConfig config, RegionConfig regions) {
        String base = config.publicBaseUrl().endsWith("/")
                ? config.publicBaseUrl().substring(0, config.publicBaseUrl().length() - 1)
                : config.publicBaseUrl();
        this.region = regions.region();
        this.url = base + "/regions/" + region;
    }

    public String url() {
        return url;
    }

    public String region() {
        return region;
    }
}
