package dev.threshold.common.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the outbox relay holds a confirmed channel to the region's broker. */
@Readiness
@ApplicationScoped
public class EventBrokerHealthCheck implements HealthCheck {

    private final EventBroker broker;
    private final EventsConfig config;

    public EventBrokerHealthCheck(EventBroker broker, EventsConfig config) {
        this.broker = broker;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !config.relay().enabled() || broker.isConnected();
        return HealthCheckResponse.named("event-broker")
                .status(up)
                .withData("exchange", config.exchange())
                .withData("virtualHost", config.broker().virtualHost())
                .build();
    }
}
