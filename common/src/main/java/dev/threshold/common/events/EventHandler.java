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

    /**
     * True for events every instance of the service must hear (e.g. to drop a cache entry): the queue
     * is this process's alone ({@link #queue()} plus the instance id; non-durable, exclusive,
     * auto-delete), and {@link #apply} runs without the inbox, so it must be harmless to repeat.
     */
    default boolean perInstance() {
        return false;
    }

    /**
     * Called after every (re)subscription. A per-instance queue does not outlive a broker outage, so
     * this is where such a handler catches up on what it may have missed.
     */
    default void subscribed() {
    }
}
