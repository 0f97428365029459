package dev.threshold.common.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.util.Set;

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
     * SQLSTATE of a server going away or not yet accepting: admin/crash shutdown, cannot connect now,
     * and every connection slot taken (53300, seen on a shared test server: answered 500 before).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

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
        }
        return null;
    }
}
