package dev.threshold.common.events;

import dev.threshold.common.db.RunsSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Applies each event at most once per consumer: the inbox row and the consumer's state change
 * commit in one transaction, so a redelivered event finds its row and is skipped.
 * {@link EventConsumers} applies every {@link EventHandler}'s events through it.
 */
@RunsSql("the inbox is storage glue: its row and the consumer's change commit in one transaction, which is its whole job")
@ApplicationScoped
public class Inbox {

    private final String insert;

    public Inbox(EventsConfig config) {
        this.insert = "insert into " + config.schema()
                + ".inbox (consumer, event_id) values (:consumer, :eventId) on conflict do nothing";
    }

    /** Inside a transaction: true the first time this consumer sees this event id. */
    public Uni<Boolean> firstTime(String consumer, String eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(insert)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Runs {@code apply} in a transaction unless this consumer already applied the event. */
    public Uni<Boolean> applyOnce(String consumer, EventEnvelope event, Supplier<Uni<Void>> apply) {
        return Panache.withTransaction(() -> firstTime(consumer, event.id())
                .chain(first -> first ? apply.get().replaceWith(true) : Uni.createFrom().item(false)));
    }
}
