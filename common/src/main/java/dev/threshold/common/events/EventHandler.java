package dev.threshold.common.events;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A consumer of the region's events: one durable quorum queue {@link #queue()} bound to the
 * {@code threshold.events} exchange with {@link #routingKeys()}. {@link EventConsumers} runs a
 * {@link QueueConsumer} for every such bean; {@link #apply} runs inside the inbox transaction, so an
 * event is applied once per queue however often the broker delivers it. A failure rolls the
 * transaction back and the event is delivered again later (dead-lettered after
 * {@code threshold.events.consumer.max-deliveries}).
 */
public interface EventHandler {

    /** Queue name and inbox consumer name, e.g. {@code identity.invitation-events}. */
    String queue();

    List<String> routingKeys();

    /** Applies one event; called on a Vert.x duplicated context inside a transaction. */
    Uni<Void> apply(EventEnvelope event);
}
