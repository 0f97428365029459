package dev.threshold.common.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a failure caused by the database being away (restarting, shutting down, unreachable) from a
 * bug: such a request is answered {@code 503 database_unavailable} with {@code Retry-After}, never
 * a 500, and the pool reconnects by itself once Postgres is back. A connection reset counts too:
 * the services' only other sockets are REST clients, whose failures their fault-tolerance wrappers
 * already answer as {@code 503 <dependency>_unavailable}.
 */
final class DatabaseOutage {

    static final String RETRY_AFTER_SECONDS = "2";

    /**
     * How long after the last failure known to come from the database an unexplained one is still
     * taken as its consequence: a restart also breaks what sits on top of the pool (a transaction
     * whose rollback fails, a pooled connection handed out while it closes) in shapes that name no
     * database cause. Seen once in CI: one 500 among 64 {@code 503 database_unavailable}.
     */
    static final Duration AFTERMATH = Duration.ofSeconds(5);

    /**
     * SQLSTATE of a server going away or not yet accepting: admin/crash shutdown, cannot connect now,
     * and every connection slot taken (53300, seen on a shared test server: answered 500 before).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** What the Vert.x SQL client fails a command with when its connection is closing or closed. */
    private static final String CONNECTION_NOT_ACTIVE = "Connection is not active now";

    private static final AtomicLong lastSeenNanos = new AtomicLong();
    private static volatile boolean everSeen;

    private DatabaseOutage() {
    }

    /** The cause that shows the database is away, or null. */
    static Throwable causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof ClosedConnectionException) { // ConnectException is one
                return t;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
                return t;
            }
            if (t instanceof io.vertx.core.impl.NoStackTraceThrowable && t.getMessage() != null
                    && t.getMessage().startsWith(CONNECTION_NOT_ACTIVE)) {
                return t;
            }
        }
        return null;
    }

    /** Remembers that the database was seen away at {@code nanoTime}. */
    static void seen(long nanoTime) {
        lastSeenNanos.set(nanoTime);
        everSeen = true;
    }

    /** Whether the database was seen away within {@link #AFTERMATH} before {@code nanoTime}. */
    static boolean seenWithin(long nanoTime) {
        return everSeen && nanoTime - lastSeenNanos.get() <= AFTERMATH.toNanos();
    }
}
