package dev.threshold.invitation.invitation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.region.RegionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Many events into the outbox of the current transaction with one statement per chunk, for a
 * bulk. Same rows as common's {@code Outbox.append} (columns, CloudEvents envelope as the
 * payload), which persists one entity per event with an identity key, i.e. one round trip per
 * event. {@code OutboxRelay} publishes them after commit, in id order as always.
 */
@ApplicationScoped
public class OutboxBatch {

    /** Rows per insert statement (6 parameters each, far below Postgres' 65535). */
    static final int CHUNK = 1000;

    /** One event to record. */
    public record Event(String name, String subject, String orgId, Object data) {
    }

    private final ObjectMapper mapper;
    private final RegionConfig region;
    private final String table;
    private final Clock clock = Clock.systemUTC();

    public OutboxBatch(ObjectMapper mapper, RegionConfig region,
            @ConfigProperty(name = "threshold.events.schema") String schema) {
        this.mapper = mapper;
        this.region = region;
        this.table = schema + ".outbox";
    }

    public Uni<Void> append(List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Event> chunk = events.subList(0, Math.min(CHUNK, events.size()));
        List<Event> rest = events.subList(chunk.size(), events.size());
        return insert(chunk).chain(() -> append(rest));
    }

    private Uni<Void> insert(List<Event> events) {
        String source = "/threshold/" + region.region() + "/" + region.service();
        StringBuilder sql = new StringBuilder("insert into ").append(table)
                .append(" (event_id, type, aggregate_id, org_id, payload, created_at) values ");
        for (int i = 0; i < events.size(); i++) {
            int p = i * 6;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?")
                    .append(p + 3).append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?").append(p + 6)
                    .append(')');
        }
        Object[] values = new Object[events.size() * 6];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            Instant now = clock.instant();
            UUID id = UUID.randomUUID();
            EventEnvelope envelope = new EventEnvelope("1.0", id.toString(), source, EventEnvelope.typeOf(event.name()),
                    event.subject(), now, "application/json", event.orgId(), region.region(),
                    mapper.valueToTree(event.data()));
            int p = i * 6;
            values[p] = id;
            values[p + 1] = event.name();
            values[p + 2] = event.subject();
            values[p + 3] = event.orgId();
            values[p + 4] = serialize(envelope);
            values[p + 5] = now;
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString());
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 1, values[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private String serialize(EventEnvelope event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
