package dev.threshold.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.region.RegionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Records an event in the outbox of the current transaction. Call it inside the transaction
 * that changes the state the event tells about: if that transaction rolls back, the event was
 * never there. {@link OutboxRelay} publishes it after commit.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    private final RegionConfig region;
    private final Clock clock;

    public Outbox(ObjectMapper mapper, RegionConfig region) {
        this.mapper = mapper;
        this.region = region;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param name    event name, subject + past-tense verb, e.g. {@code org.created}
     * @param subject id of the aggregate the event is about (ordering is per aggregate)
     * @param orgId   organization the event belongs to, or null
     * @param data    event data; no secrets or tokens, minimal personal data
     */
    public Uni<EventEnvelope> append(String name, String subject, String orgId, Object data) {
        Instant now = clock.instant();
        EventEnvelope event = new EventEnvelope("1.0", UUID.randomUUID().toString(),
                "/threshold/" + region.region() + "/" + region.service(), EventEnvelope.typeOf(name), subject, now,
                "application/json", orgId, region.region(), mapper.valueToTree(data));
        OutboxMessage message = new OutboxMessage();
        message.eventId = UUID.fromString(event.id());
        message.type = name;
        message.aggregateId = subject;
        message.orgId = orgId;
        message.payload = serialize(event);
        message.createdAt = now;
        return Panache.getSession().chain(session -> session.persist(message)).replaceWith(event);
    }

    private String serialize(EventEnvelope event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
