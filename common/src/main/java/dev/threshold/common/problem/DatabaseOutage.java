package dev.threshold.common.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Set;

/**
 * Tells a failure caused by the database being away (restarting, shutting down, unreachable) from a
 * bug: such a request is answered {@code 503 database_unavailable} with {@code Retry-After}, never
 * a 500, and the pool reconnects by itself once Postgres is back.
 */
final class DatabaseOutage {

    static final String RETRY_AFTER_SECONDS = "2";

    /** SQLSTATE of a server going away or not yet accepting: admin/crash shutdown, cannot connect now. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {
    }

    /** The cause that shows the database is away, or null. */
    static Throwable causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
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
