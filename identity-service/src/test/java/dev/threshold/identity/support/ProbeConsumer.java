package dev.threshold.identity.support;

import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test-only consumer: counts how often each event was applied through the inbox. */
@ApplicationScoped
public class ProbeConsumer implements EventHandler {

    public static final Map<String, Integer> APPLIED = new ConcurrentHashMap<>();

    @Override
    public String queue() {
        return BrokerTestResource.PROBE_QUEUE;
    }

    @Override
    public List<String> routingKeys() {
        return List.of(BrokerTestResource.PROBE_ROUTING_KEY);
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        APPLIED.merge(event.id(), 1, Integer::sum);
        return Uni.createFrom().voidItem();
    }
}
