package dev.threshold.identity.session;

import dev.threshold.identity.token.RevokedSessions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * At start, an instance learns the sessions that ended while it was not listening: those revoked
 * within the last access-token lifetime (their tokens may still be presented). Before the first
 * request is served, so a restart never lets such a token in.
 */
@ApplicationScoped
public class RevokedSessionsLoader {

    private static final Logger LOG = Logger.getLogger(RevokedSessionsLoader.class);
    private final SessionRepository sessions;
    private final RevokedSessions revoked;
    private final Clock clock;

    public RevokedSessionsLoader(SessionRepository sessions, RevokedSessions revoked, Clock clock) {
        this.sessions = sessions;
        this.revoked = revoked;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        int loaded = load();
        LOG.infof("%d recently ended sessions loaded", loaded);
    }

    /** Loads the sessions that ended within the window; answers how many. */
    public int load() {
        return sessions.revokedSince(clock.instant().minus(revoked.window()))
                .map(ids -> {
                    ids.forEach(revoked::ended);
                    return ids.size();
                })
                .await().atMost(Duration.ofSeconds(30));
    }
}
