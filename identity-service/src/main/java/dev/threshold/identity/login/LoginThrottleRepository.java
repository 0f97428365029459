package dev.threshold.identity.login;

import dev.threshold.common.db.LockConflicts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login throttle's counters ({@code identity.login_throttle}), straight on the pool: each
 * statement is one atomic write, outside any ORM session or transaction, so every instance sees a
 * counter change at once. What the counters mean is {@link LoginThrottle}'s. Each statement writes
 * several rows, and concurrent ones (two logins from one address) share rows, so every statement
 * takes its row locks in key order: the upsert inserts sorted keys, the updates and deletes lock
 * first ({@code select ... order by throttle_key for update}) and write only rows so locked. Two
 * statements locking the same rows in opposite orders (an update following the table's physical
 * order) deadlocked in the soak, and Postgres answered one login with an abort. Should a conflict
 * still happen, the aborted statement applied nothing and runs again ({@link LockConflicts}).
 */
@ApplicationScoped
public class LoginThrottleRepository {

    /**
     * One reservation per counter: a counter whose window (or lock) ended starts again at 1. Keys
     * are sorted, so concurrent multi-row upserts take their row locks in the same order.
     */
    private static final String RESERVE = """
            insert into identity.login_throttle as t (throttle_key, failures, window_start, window_ends_at, locked_until)
            select r.key, 1, $3, r.ends, null from unnest($1::text[], $2::timestamptz[]) as r(key, ends)
            on conflict (throttle_key) do update set
              failures = case when coalesce(t.locked_until, t.window_ends_at, t.window_start) <= $3
                              then 1 else t.failures + 1 end,
              window_start = case when coalesce(t.locked_until, t.window_ends_at, t.window_start) <= $3
                                  then $3 else t.window_start end,
              window_ends_at = case when coalesce(t.locked_until, t.window_ends_at, t.window_start) <= $3
                                    then excluded.window_ends_at else coalesce(t.window_ends_at, excluded.window_ends_at) end,
              locked_until = case when coalesce(t.locked_until, t.window_ends_at, t.window_start) <= $3
                                  then null else t.locked_until end
            returning throttle_key, failures, coalesce(locked_until, window_ends_at) as until""";

    /** After a wrong password: every counter at or over its limit locks (once) until now + its lockout. */
    private static final String FAILED = """
            with locked as (select throttle_key from identity.login_throttle
                            where throttle_key = any($1::text[]) order by throttle_key for update)
            update identity.login_throttle as t set locked_until = r.until
            from locked, unnest($1::text[], $2::int[], $3::timestamptz[]) as r(key, lim, until)
            where t.throttle_key = locked.throttle_key and t.throttle_key = r.key
              and t.failures >= r.lim and t.locked_until is null
            returning t.throttle_key, t.locked_until""";

    /** After a right password: the matching account+address counters cleared, the other slots given back. */
    private static final String RELEASE = """
            with locked as (select throttle_key from identity.login_throttle
                            where throttle_key = any($1::text[] || $2::text[]) order by throttle_key for update),
            cleared as (delete from identity.login_throttle as t using locked
                        where t.throttle_key = locked.throttle_key and t.throttle_key = any($1::text[]))
            update identity.login_throttle as t set failures = greatest(t.failures - 1, 0)
            from locked where t.throttle_key = locked.throttle_key and t.throttle_key = any($2::text[])""";

    private static final String CLEAR_ACCOUNT = """
            with locked as (select throttle_key from identity.login_throttle
                            where throttle_key like $1 order by throttle_key for update)
            delete from identity.login_throttle as t using locked where t.throttle_key = locked.throttle_key""";

    /** A counter after a reservation: this attempt's number on it, and until when it counts (its window or lock). */
    public record Reserved(int number, Instant until) {
    }

    /** A counter that a failure locked, until when. */
    public record Locked(String key, Instant until) {
    }

    private final Pool pool;

    public LoginThrottleRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * One attempt on each counter, atomically per counter: a counter whose window (or lock) ended
     * starts again at 1. {@code keys} sorted (row locks in the same order), {@code windowEnds} beside them.
     */
    public Uni<Map<String, Reserved>> reserve(String[] keys, Instant[] windowEnds, Instant now) {
        OffsetDateTime[] ends = new OffsetDateTime[windowEnds.length];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = utc(windowEnds[i]);
        }
        return LockConflicts.retried("login throttle reserve",
                () -> pool.preparedQuery(RESERVE).execute(Tuple.of(keys, ends, utc(now)))).map(rows -> {
            Map<String, Reserved> byKey = new HashMap<>();
            for (Row row : rows) {
                OffsetDateTime until = row.getOffsetDateTime("until");
                byKey.put(row.getString("throttle_key"),
                        new Reserved(row.getInteger("failures"), until == null ? now : until.toInstant()));
            }
            return byKey;
        });
    }

    /** Locks (once) each counter at or over its limit until the time beside it; the counters locked now. */
    public Uni<List<Locked>> lockReached(String[] keys, Integer[] limits, Instant[] until) {
        OffsetDateTime[] untilUtc = new OffsetDateTime[until.length];
        for (int i = 0; i < until.length; i++) {
            untilUtc[i] = utc(until[i]);
        }
        return LockConflicts.retried("login throttle lock",
                () -> pool.preparedQuery(FAILED).execute(Tuple.of(keys, limits, untilUtc))).map(rows -> {
            List<Locked> locked = new ArrayList<>();
            for (Row row : rows) {
                locked.add(new Locked(row.getString("throttle_key"), row.getOffsetDateTime("locked_until").toInstant()));
            }
            return locked;
        });
    }

    /** Deletes the {@code cleared} counters and gives the {@code released} ones a slot back. */
    public Uni<Void> release(String[] cleared, String[] released) {
        return LockConflicts.retried("login throttle release",
                () -> pool.preparedQuery(RELEASE).execute(Tuple.of(cleared, released))).replaceWithVoid();
    }

    /** Deletes every counter whose key starts with {@code prefix} (no LIKE wildcards in it). */
    public Uni<Void> deleteByPrefix(String prefix) {
        return LockConflicts.retried("login throttle clear",
                () -> pool.preparedQuery(CLEAR_ACCOUNT).execute(Tuple.of(prefix + "%"))).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
