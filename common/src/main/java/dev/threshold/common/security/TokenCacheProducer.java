package dev.threshold.common.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The process's {@link VerifiedTokenCache}, in services that verify identity-service's tokens with
 * quarkus-oidc and set {@code threshold.token-cache.enabled=true} (a build-time switch: elsewhere
 * none of these beans exist). Metrics: {@code threshold.token.cache{result=hit|miss}} and
 * {@code threshold.token.cache.stored} (successful verifications remembered).
 */
@IfBuildProperty(name = TokenCacheProducer.ENABLED, stringValue = "true")
public class TokenCacheProducer {

    public static final String ENABLED = "threshold.token-cache.enabled";

    @Produces
    @Singleton
    VerifiedTokenCache verifiedTokenCache(Clock clock, MeterRegistry registry, TokenCacheConfig config) {
        VerifiedTokenCache cache = new VerifiedTokenCache(clock, config.maxSize());
        FunctionCounter.builder("threshold.token.cache", cache, VerifiedTokenCache::hits)
                .tag("result", "hit").description("bearer tokens served from the verified-token cache")
                .register(registry);
        FunctionCounter.builder("threshold.token.cache", cache, VerifiedTokenCache::misses)
                .tag("result", "miss").description("bearer tokens not in the cache (verified by quarkus-oidc)")
                .register(registry);
        FunctionCounter.builder("threshold.token.cache.stored", cache, VerifiedTokenCache::stores)
                .description("verified bearer tokens remembered until their exp")
                .register(registry);
        Gauge.builder("threshold.token.cache.size", cache, VerifiedTokenCache::size).register(registry);
        return cache;
    }
}
