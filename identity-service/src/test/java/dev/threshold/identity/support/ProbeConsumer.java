package dev.threshold.identity.support;

import dev.threshold.common.events.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Test-only consumer: counts how often each event was applied through the inbox. */
@ApplicationScoped
public class ProbeConsumer {

    public static final Map<String, Integer> APPLIED = new ConcurrentHashMap<>();
    private final Inbox inbox;

    public ProbeConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("backbone-probe")
    public Uni<Void> consume(Message<Object> message) {
        return inbox.consume("identity.test.backbone-probe", message, event -> {
            APPLIED.merge(event.id(), 1, Integer::sum);
            return Uni.createFrom().voidItem();
        });
    }
}
