package dev.threshold.common.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Says at start-up whether bearers are verified once ({@link VerifiedTokenCache}). Present in
 * every service, so {@code threshold.token-cache.*} is a known configuration root even where the
 * cache is switched off (the cache beans exist only when it is on).
 */
@Singleton
public class TokenCacheReport {

    private static final Logger LOG = Logger.getLogger(TokenCacheReport.class);

    void report(@Observes StartupEvent startup, TokenCacheConfig config) {
        if (config.enabled()) {
            LOG.infof("verified-token cache on: each bearer is verified once, at most %d remembered until their exp",
                    config.maxSize());
        }
    }
}
