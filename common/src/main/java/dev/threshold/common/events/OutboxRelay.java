package dev.threshold.common.events;

import dev.threshold.common.db.RunsSql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to RabbitMQ, oldest first, and marks them published only
 * after the broker confirmed them. One relay per schema is active at a time (a transaction-scoped
 * advisory lock), which keeps events in commit order per aggregate across replicas. A failed
 * batch is retried from its first event, so a consumer may see an event twice, never miss one:
 * consumers apply events through the {@link Inbox}.
 */
@RunsSql("the relay reads and marks outbox rows under an advisory lock on its own connection while it waits for the broker's confirms; splitting the lock and the rows across classes would only hide that they are one transaction")
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final EventBroker broker;
    private final EventsConfig config;
    private final String table;
    private final Counter published;
    private final Counter failedBatches;
    private final io.vertx.mutiny.core.Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean paused;
    private volatile int consecutiveFailures;
    private volatile Instant nextAttempt = Instant.EPOCH;

    public OutboxRelay(Pool pool, EventBroker broker, EventsConfig config, MeterRegistry registry,
            io.vertx.mutiny.core.Vertx vertx) {
        this.vertx = vertx;
        this.pool = pool;
        this.broker = broker;
        this.config = config;
        this.table = config.schema() + ".outbox";
        this.published = Counter.builder("threshold.outbox.published").description("Events confirmed by the broker")
                .register(registry);
        this.failedBatches = Counter.builder("threshold.outbox.failed.batches")
                .description("Relay batches the broker did not confirm").register(registry);
    }

    /** A Vert.x timer, not {@code @Scheduled}: the scheduler cannot tick faster than once a second. */
    void start(@Observes StartupEvent startup) {
        if (config.relay().enabled()) {
            vertx.setPeriodic(config.relay().interval().toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    tick().subscribe().with(done -> running.set(false), failure -> running.set(false));
                }
            });
        }
    }

    Uni<Void> tick() {
        if (paused || Instant.now().isBefore(nextAttempt)) {
            return Uni.createFrom().voidItem();
        }
        // with nothing to relay, still hold a connection so readiness tells the truth about the broker
        return relayOnce()
                .call(count -> count == 0 && !broker.isConnected() ? broker.connect() : Uni.createFrom().nullItem())
                .invoke(count -> {
                    if (count >= 0) {
                        consecutiveFailures = 0;
                        nextAttempt = Instant.EPOCH;
                    } else {
                        backOff();
                    }
                })
                .onFailure().invoke(failure -> backOff())
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Relays one batch. Returns how many events were published, 0 when there was nothing to do
     * or another replica holds the relay lock, -1 when the broker refused the batch.
     */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(table))
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? relayBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> relayBatch(SqlConnection connection) {
        return connection.preparedQuery("select id, type, event_id, payload from " + table
                        + " where published_at is null order by id limit $1")
                .execute(Tuple.of(config.relay().batchSize()))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<EventBroker.Outgoing> events = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        events.add(new EventBroker.Outgoing(row.getString("type"),
                                row.getUUID("event_id").toString(), row.getString("payload")));
                    }
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return broker.publishAll(events)
                            .chain(() -> connection.preparedQuery("update " + table
                                            + " set published_at = now(), attempts = attempts + 1 where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(Long[]::new))))
                            .invoke(() -> published.increment(events.size()))
                            .replaceWith(events.size())
                            .onFailure().recoverWithUni(failure -> recordFailure(connection, ids, failure));
                });
    }

    private Uni<Integer> recordFailure(SqlConnection connection, List<Long> ids, Throwable failure) {
        failedBatches.increment();
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return connection.preparedQuery("update " + table
                        + " set attempts = attempts + 1, last_error = $2 where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new), reason.length() > 500 ? reason.substring(0, 500) : reason))
                .replaceWith(-1);
    }

    private void backOff() {
        int failures = Math.min(++consecutiveFailures, 10);
        long delay = Math.min(config.relay().maxBackoff().toMillis(),
                config.relay().interval().toMillis() * (1L << failures));
        nextAttempt = Instant.now().plusMillis(delay);
    }

    @Scheduled(every = "1h", delayed = "1m", identity = "outbox-purge")
    Uni<Void> purgeRelayed() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.relay().retention());
        return pool.preparedQuery("delete from " + table + " where published_at < $1")
                .execute(Tuple.of(cutoff))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Purged %d relayed outbox events older than %s", rows.rowCount(), config.relay().retention());
                    }
                })
                .replaceWithVoid();
    }

    /** Stops relaying, as a stopped instance would; rows keep waiting in the outbox. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        nextAttempt = Instant.EPOCH;
    }

    /** Unpublished events: what an operator watches when the broker is away. */
    public Uni<Long> pending() {
        return pool.query("select count(*) from " + table + " where published_at is null").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
