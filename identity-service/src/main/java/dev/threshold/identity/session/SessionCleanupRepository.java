package dev.threshold.identity.session;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The deletes of {@link SessionCleanup}: the rows of the login tables that no check needs any more
 * (sessions, refresh tokens, MFA logins, lockout counters, remembered browsers, reset links).
 */
@ApplicationScoped
public class SessionCleanupRepository {

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

    public SessionCleanupRepository(Pool pool) {
        this.pool = pool;
    }

    /** Deletes what is no longer needed at {@code now}; the number of rows deleted. */
    public Uni<Integer> deleteSpent(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        Uni<Integer> total = Uni.createFrom().item(0);
        for (Statement statement : STATEMENTS) {
            total = total.chain(sum -> pool.preparedQuery(statement.sql()).execute(Tuple.of(at.minus(statement.age())))
                    .map(rows -> sum + rows.rowCount()));
        }
        return total;
    }
}
