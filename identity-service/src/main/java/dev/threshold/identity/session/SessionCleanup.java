package dev.threshold.identity.session;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Keeps the login tables small: ended sessions (and their tokens) a week after they ended, rotated
 * refresh tokens after 30 days (a replay older than that is answered as an unknown token, without
 * revoking the session), finished MFA logins, spent lockout counters, expired remembered browsers and password reset
 * links a week after they expired.
 * Deletes are idempotent, so every instance may run it.
 */
@ApplicationScoped
public class SessionCleanup {

    private static final Logger LOG = Logger.getLogger(SessionCleanup.class);

    private final SessionCleanupRepository tables;
    private final Clock clock;

    public SessionCleanup(SessionCleanupRepository tables, Clock clock) {
        this.tables = tables;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("login tables not cleaned up: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes what is no longer needed; answers the number of rows deleted. */
    public Uni<Integer> run() {
        return tables.deleteSpent(clock.instant()).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("login tables cleaned up: %d rows deleted", deleted);
            }
        });
    }
}
