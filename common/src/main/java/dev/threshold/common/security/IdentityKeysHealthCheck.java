package dev.threshold.common.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code identity-keys} on {@code /q/health/well}: DOWN while the last read of identity-service's
 * JWKS failed, with the circuit breaker's state. Deliberately not a readiness check: without
 * identity-service this process still verifies every token signed with a key it has seen and
 * answers the others {@code 503 identity_unavailable}, so taking it out of the load balancer
 * would only turn those answers into connection errors (docs/tokens.md "When identity-service is down").
 */
@Wellness
@ApplicationScoped
@IfBuildProperty(name = IdentityKeysProducer.ENABLED, stringValue = "true")
public class IdentityKeysHealthCheck implements HealthCheck {

    private final IdentityKeys keys;
    private final IdentityJwks jwks;
    private final CircuitBreakerMaintenance circuitBreakers;

    public IdentityKeysHealthCheck(IdentityKeys keys, IdentityJwks jwks, CircuitBreakerMaintenance circuitBreakers) {
        this.keys = keys;
        this.jwks = jwks;
        this.circuitBreakers = circuitBreakers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("identity-keys");
        if (!keys.active()) {
            return response.up().withData("jwks", "none (fixed public key)").build();
        }
        response.status(keys.lastFailure().isEmpty())
                .withData("jwks", jwks.url().orElse(""))
                .withData("knownKeys", keys.knownKeyIds().size())
                .withData("circuitBreaker", circuitBreakerState());
        keys.lastRead().ifPresent(at -> response.withData("lastRead", at.toString()));
        keys.lastFailure().ifPresent(failure -> response.withData("lastFailure", failure.at() + " " + failure.reason()));
        return response.build();
    }

    private String circuitBreakerState() {
        try {
            return circuitBreakers.currentState(IdentityJwks.CIRCUIT_BREAKER).name();
        } catch (IllegalArgumentException notUsedYet) {
            return "CLOSED";
        }
    }
}
