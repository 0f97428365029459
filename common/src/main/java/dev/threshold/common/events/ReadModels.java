package dev.threshold.common.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Read models kept from another service's events (the organizations of the region, from
 * identity-service's {@code org.*}), whose rows must never go back to an older state: the events
 * of one org may be redelivered or arrive out of order, so a row takes an event's state only if
 * that event is not older than the one the row reflects. A read-model table has an {@code id}
 * primary key, an {@code event_time} (the event the row reflects) and an {@code updated_at}.
 * The repositories of the read models run the statement; this class only writes it once.
 */
public final class ReadModels {

    private ReadModels() {
    }

    /**
     * Insert or update of one row of {@code table} that leaves a row reflecting a newer event as it
     * is. Named parameters: {@code :id}, one per column (named like it), {@code :event_time} and
     * {@code :updated_at}.
     *
     * @param table   schema-qualified, e.g. {@code mfa.org}
     * @param columns the columns the events set, beside {@code id}, {@code event_time} and {@code updated_at}
     */
    public static String upsertUnlessNewer(String table, List<String> columns) {
        for (String name : columns) {
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a column name: " + name);
            }
        }
        if (!table.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a schema-qualified table: " + table);
        }
        List<String> all = new java.util.ArrayList<>(columns);
        all.add("event_time");
        all.add("updated_at");
        return "insert into " + table + " (id, " + String.join(", ", all) + ")"
                + " values (:id, " + all.stream().map(name -> ":" + name).collect(Collectors.joining(", ")) + ")"
                + " on conflict (id) do update set "
                + all.stream().map(name -> name + " = excluded." + name).collect(Collectors.joining(", "))
                + " where " + table + ".event_time <= excluded.event_time";
    }

    /**
     * The time a row records for an event: the event's own (now, when it has none), cut to the
     * microseconds Postgres keeps, so that a redelivered event compares equal to itself.
     */
    public static Instant eventTime(Instant eventTime, Clock clock) {
        return (eventTime == null ? clock.instant() : eventTime).truncatedTo(ChronoUnit.MICROS);
    }

    /** Now, for {@code updated_at}, cut to the microseconds Postgres keeps. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
