package dev.threshold.common.db;

import io.smallrye.config.ConfigMapping;

/**
 * Where the region database is. The datasource URLs are composed from these in the shared
 * defaults; the role and password are the service's own ({@code quarkus.datasource.username}).
 */
@ConfigMapping(prefix = "threshold.db")
public interface DatabaseConfig {

    /** {@code THRESHOLD_DB_HOST} */
    String host();

    /** {@code THRESHOLD_DB_PORT} */
    int port();

    /** {@code THRESHOLD_DB_NAME}: one database per region, e.g. {@code threshold_eu_central_1}. */
    String name();
}
