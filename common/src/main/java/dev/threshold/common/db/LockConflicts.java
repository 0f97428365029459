package dev.threshold.common.db;

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
 * one multi-row statement each, one of them answered 500.
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
                .invoke(e -> LOG.infof("%s: %s, running it again", what, ((PgException) e).getSqlState()))
                .onFailure(LockConflicts::isLockConflict).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(100)).withJitter(0.5).atMost(ATTEMPTS - 1);
    }

    /** A deadlock or serialization failure reported by Postgres. */
    public static boolean isLockConflict(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && STATES.contains(pg.getSqlState());
    }
}
