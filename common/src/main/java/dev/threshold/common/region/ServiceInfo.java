package dev.threshold.common.region;

/** What {@code GET <prefix>/service-info} answers: which service and region served the request. */
public record ServiceInfo(String service, String region) {

    public static ServiceInfo of(RegionConfig config) {
        return new ServiceInfo(config.service(), config.region());
    }
}
