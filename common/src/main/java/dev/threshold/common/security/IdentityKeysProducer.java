package dev.threshold.common.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The process's {@link IdentityKeys}, in services that verify identity-service's tokens with
 * quarkus-oidc and set {@code threshold.identity-keys.enabled=true} (a build-time switch: elsewhere
 * none of these beans exist). Metrics: {@code threshold.identity.jwks.reads{result=ok|failed}}.
 */
@IfBuildProperty(name = IdentityKeysProducer.ENABLED, stringValue = "true")
public class IdentityKeysProducer {

    public static final String ENABLED = "threshold.identity-keys.enabled";

    private static final Logger LOG = Logger.getLogger(IdentityKeysProducer.class);

    @Produces
    @Singleton
    IdentityKeys identityKeys(IdentityJwks jwks, Clock clock, IdentityKeysConfig config, MeterRegistry registry) {
        IdentityKeys keys = new IdentityKeys(jwks.url().isPresent() ? jwks::keyIds : null, clock,
                config.minRefreshInterval(), config.maxAge());
        if (jwks.url().isPresent()) {
            LOG.infof("identity keys from %s: read when a bearer names an unknown kid (retried, circuit breaker %s),"
                    + " 503 identity_unavailable while they cannot be read", jwks.url().get(), IdentityJwks.CIRCUIT_BREAKER);
        }
        FunctionCounter.builder("threshold.identity.jwks.reads", keys, k -> k.reads() - k.failedReads())
                .tag("result", "ok").description("reads of identity-service's JWKS that succeeded")
                .register(registry);
        FunctionCounter.builder("threshold.identity.jwks.reads", keys, IdentityKeys::failedReads)
                .tag("result", "failed").description("reads of identity-service's JWKS that failed (after retries)")
                .register(registry);
        return keys;
    }
}
