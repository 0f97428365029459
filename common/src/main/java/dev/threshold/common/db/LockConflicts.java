package dev.threshold.common.db;

import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a statement again when Postgres aborted it for a lock conflict with a concurrent one: a
 * deadlock (40P01) or a serialization failure (40001). Such an abort applies nothing, so running
 * the statement again is safe and, the other statement having gone through, succeeds. Seen in the
 * soak: two logins from one address updating the same two throttle rows in opposite orders within
 * one multi-row statement each, one of them answered 500. Each conflict counts in
 * {@code threshold_db_lock_conflicts_total} (by statement and SQLSTATE): statements should lock rows
 * in one order, so a rising count is a bug to find, not load to expect.
 */
public final class LockConflicts {

    private static final Logger LOG = Logger.getLogger(LockConflicts.class);
    private static final Set<String> STATES = Set.of("40P01", "40001");
    static final int ATTEMPTS = 4;

    private LockConflicts() {
    }

    /** {@code statement} subscribed again (a new execution) after a lock conflict, at most {@value #ATTEMPTS} times in all. */
    public static <T> Uni<T> retried(String what, Supplier<Uni<? extends T>> statement) {
        Uni<T> once = Uni.createFrom().deferred(statement);
        return once
                .onFailure(LockConflicts::isLockConflict)
                .invoke(e -> {
                    String sqlState = ((PgException) e).getSqlState();
                    Metrics.counter("threshold.db.lock.conflicts", "statement", what, "sqlstate", sqlState).increment();
                    LOG.infof("%s: %s, running it again", what, sqlState);
                })
                .onFailure(LockConflicts::isLockConflict).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100)).withJitter(0.5).atMost(ATTEMPTS - 1);
    }

    /** A deadlock or serialization failure reported by Postgres. */
    public static boolean isLockConflict(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && STATES.contains(pg.getSqlState());
    }
}
