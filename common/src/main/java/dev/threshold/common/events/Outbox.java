package dev.threshold.common.events;

import dev.threshold.common.db.RunsSql;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.region.RegionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records events in the outbox of the current transaction. Call it inside the transaction that
 * changes the state the events tell about: if that transaction rolls back, the events were never
 * there. {@link OutboxRelay} publishes them after commit, in the order they were recorded.
 */
@RunsSql("the outbox is storage glue: it inserts rows into the transaction the calling service opened, which is its whole job")
@ApplicationScoped
public class Outbox {

    /** Rows per insert statement of {@link #appendAll} (6 parameters each, far below Postgres' 65535). */
    static final int CHUNK = 1000;
    private static final int COLUMNS = 6;

    /**
     * One event to record.
     *
     * @param name    event name, subject + past-tense verb, e.g. {@code org.created}
     * @param subject id of the aggregate the event is about (ordering is per aggregate)
     * @param orgId   organization the event belongs to, or null
     * @param data    event data; no secrets or tokens, minimal personal data
     */
    public record Event(String name, String subject, String orgId, Object data) {
    }

    private final ObjectMapper mapper;
    private final RegionConfig region;
    private final String table;
    private final Clock clock;

    public Outbox(ObjectMapper mapper, RegionConfig region, EventsConfig events) {
        this.mapper = mapper;
        this.region = region;
        this.table = events.schema() + ".outbox";
        this.clock = Clock.systemUTC();
    }

    /** One event; see {@link Event} for the parameters. */
    public Uni<EventEnvelope> append(String name, String subject, String orgId, Object data) {
        Row row = row(new Event(name, subject, orgId, data));
        OutboxMessage message = new OutboxMessage();
        message.eventId = UUID.fromString(row.envelope().id());
        message.type = name;
        message.aggregateId = subject;
        message.orgId = orgId;
        message.payload = row.payload();
        message.createdAt = row.envelope().time();
        return Panache.getSession().chain(session -> session.persist(message)).replaceWith(row.envelope());
    }

    /**
     * Many events, as {@link #append} records them one by one, but with one insert statement per
     * {@value #CHUNK} events instead of a round trip each: for bulk changes.
     */
    public Uni<List<EventEnvelope>> appendAll(List<Event> events) {
        List<Row> rows = events.stream().map(this::row).toList();
        Uni<Void> inserted = Uni.createFrom().voidItem();
        for (Insert insert : inserts(table, rows)) {
            inserted = inserted.chain(() -> Panache.getSession().chain(session -> {
                var query = session.createNativeQuery(insert.sql());
                for (int i = 0; i < insert.parameters().size(); i++) {
                    query.setParameter(i + 1, insert.parameters().get(i));
                }
                return query.executeUpdate();
            })).replaceWithVoid();
        }
        return inserted.replaceWith(rows.stream().map(Row::envelope).toList());
    }

    /** An event as the outbox keeps it: its CloudEvents envelope, and that envelope as JSON. */
    record Row(Event event, EventEnvelope envelope, String payload) {
    }

    /** One insert statement of {@link #appendAll} and its positional parameters. */
    record Insert(String sql, List<Object> parameters) {
    }

    Row row(Event event) {
        Instant now = clock.instant();
        EventEnvelope envelope = new EventEnvelope("1.0", UUID.randomUUID().toString(),
                "/threshold/" + region.region() + "/" + region.service(), EventEnvelope.typeOf(event.name()),
                event.subject(), now, "application/json", event.orgId(), region.region(),
                mapper.valueToTree(event.data()));
        return new Row(event, envelope, serialize(envelope));
    }

    /** The statements that insert {@code rows} in their order, {@value #CHUNK} rows at most each. */
    static List<Insert> inserts(String table, List<Row> rows) {
        List<Insert> inserts = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder("insert into ").append(table)
                    .append(" (event_id, type, aggregate_id, org_id, payload, created_at) values ");
            List<Object> parameters = new ArrayList<>(chunk.size() * COLUMNS);
            for (Row row : chunk) {
                int first = parameters.size() + 1;
                sql.append(parameters.isEmpty() ? "(" : ", (");
                for (int column = 0; column < COLUMNS; column++) {
                    sql.append(column == 0 ? "?" : ", ?").append(first + column);
                }
                sql.append(')');
                parameters.add(UUID.fromString(row.envelope().id()));
                parameters.add(row.event().name());
                parameters.add(row.event().subject());
                parameters.add(row.event().orgId());
                parameters.add(row.payload());
                parameters.add(row.envelope().time());
            }
            inserts.add(new Insert(sql.toString(), parameters));
        }
        return inserts;
    }

    private String serialize(EventEnvelope event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
