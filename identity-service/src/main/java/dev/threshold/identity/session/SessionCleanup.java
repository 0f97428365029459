package dev.threshold.identity.session;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
    /** Each statement deletes rows older than now minus its age. */
    private static final List<Statement> STATEMENTS = List.of(
            new Statement("delete from identity.session where coalesce(revoked_at, expires_at) < $1", Duration.ofDays(7)),
            new Statement("delete from identity.refresh_token where used_at < $1", Duration.ofDays(30)),
            new Statement("delete from identity.login_flow where expires_at < $1", Duration.ofDays(1)),
            new Statement("delete from identity.login_throttle where window_start < $1"
                    + " and (locked_until is null or locked_until < $1)", Duration.ofDays(1)),
            new Statement("delete from identity.remembered_device where expires_at < $1", Duration.ZERO),
            new Statement("delete from identity.password_reset where expires_at < $1", Duration.ofDays(7)));

    private record Statement(String sql, Duration age) {
    }

    private final Pool pool;
    private final Clock clock;

    public SessionCleanup(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("login tables not cleaned up: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes what is no longer needed; answers the number of rows deleted. */
    public Uni<Integer> run() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Uni<Integer> total = Uni.createFrom().item(0);
        for (Statement statement : STATEMENTS) {
            total = total.chain(sum -> pool.preparedQuery(statement.sql()).execute(Tuple.of(now.minus(statement.age())))
                    .map(rows -> sum + rows.rowCount()));
        }
        return total.invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("login tables cleaned up: %d rows deleted", deleted);
            }
        });
    }
}
