package dev.threshold.common.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * Applies each event at most once per consumer: the inbox row and the consumer's state change
 * commit in one transaction, so a redelivered event finds its row and is skipped.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final ObjectMapper mapper;
    private final String insert;

    public Inbox(ObjectMapper mapper, EventsConfig config) {
        this.mapper = mapper;
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

    /**
     * The usual consumer body: parse the envelope, apply it once, ack after commit; a failure
     * nacks so the connector's failure strategy (dead-letter queue) takes over.
     */
    public Uni<Void> consume(String consumer, Message<?> message, java.util.function.Function<EventEnvelope, Uni<Void>> apply) {
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.getPayload(), mapper);
        } catch (RuntimeException e) {
            LOG.warnf("%s: dropping a message that is not a CloudEvents envelope (%s)", consumer, e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return applyOnce(consumer, event, () -> apply.apply(event))
                .invoke(applied -> {
                    if (!applied) {
                        LOG.debugf("%s: event %s already applied, skipped", consumer, event.id());
                    }
                })
                .chain(applied -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "%s: event %s (%s) failed", consumer, event.id(), event.type());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
