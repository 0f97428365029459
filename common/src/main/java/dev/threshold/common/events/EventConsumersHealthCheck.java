package dev.threshold.common.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: every consumer is subscribed to its queue. Liveness: no consumer is stuck, i.e.
 * none holds deliveries without settling any, none fails to subscribe while the broker accepts
 * connections, and none lost its supervisor, each for longer than
 * {@code threshold.events.consumer.stuck-after}: a process that cannot heal asks to be restarted.
 * A broker that is down is readiness only.
 */
@ApplicationScoped
public class EventConsumersHealthCheck {

    private final EventConsumers consumers;

    public EventConsumersHealthCheck(EventConsumers consumers) {
        this.consumers = consumers;
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck subscribed() {
        return () -> report("event-consumers", consumers.status().stream().allMatch(QueueConsumer.Status::consuming));
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck notStuck() {
        return () -> report("event-consumers-progress",
                consumers.status().stream().noneMatch(QueueConsumer.Status::stuck));
    }

    private HealthCheckResponse report(String name, boolean up) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(up);
        for (QueueConsumer.Status status : consumers.status()) {
            builder.withData(status.queue(), (status.consuming() ? "consuming" : "not consuming")
                    + (status.stuck() ? ", stuck" : "")
                    + ", unsettled " + status.unsettled() + ", applied " + status.applied()
                    + (status.lastError() == null ? "" : ", " + status.lastError()));
        }
        return builder.build();
    }
}
