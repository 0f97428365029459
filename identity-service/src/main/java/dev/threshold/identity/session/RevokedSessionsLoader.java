package dev.threshold.identity.session;

import dev.threshold.identity.token.RevokedSessions;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * At start, an instance learns the sessions that ended while it was not listening: those revoked
 * within the last access-token lifetime (their tokens may still be presented). Before the first
 * request is served, so a restart never lets such a token in.
 */
@ApplicationScoped
public class RevokedSessionsLoader {

    private static final Logger LOG = Logger.getLogger(RevokedSessionsLoader.class);
    private static final String RECENTLY_REVOKED = "select id from identity.session where revoked_at > $1";

    private final Pool pool;
    private final RevokedSessions revoked;
    private final Clock clock;

    public RevokedSessionsLoader(Pool pool, RevokedSessions revoked, Clock clock) {
        this.pool = pool;
        this.revoked = revoked;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        int loaded = load();
        LOG.infof("%d recently ended sessions loaded", loaded);
    }

    /** Loads the sessions that ended within the window; answers how many. */
    public int load() {
        var since = clock.instant().minus(revoked.window()).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(RECENTLY_REVOKED).execute(Tuple.of(since))
                .map(rows -> {
                    int count = 0;
                    for (Row row : rows) {
                        revoked.ended(row.getUUID("id"));
                        count++;
                    }
                    return count;
                })
                .await().atMost(Duration.ofSeconds(30));
    }
}
