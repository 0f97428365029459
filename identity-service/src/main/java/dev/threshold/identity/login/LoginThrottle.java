package dev.threshold.identity.login;

import dev.threshold.identity.org.OrgSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Counts failed passwords in the database (so every instance sees them) under three keys: account
 * and client address together (the org policy: 6 failures lock for 5 minutes), the account alone
 * (a higher bar, against guessing from many addresses) and the client address alone (against one
 * address trying many accounts). A success clears the account+client counter only.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String RECORD_FAILURE = """
            insert into identity.login_throttle as t (throttle_key, failures, window_start, locked_until)
            values ($1, 1, $2, case when 1 >= $4 then $5 end)
            on conflict (throttle_key) do update set
              failures = case when t.window_start < $3 then 1 else t.failures + 1 end,
              window_start = case when t.window_start < $3 then $2 else t.window_start end,
              locked_until = case when (case when t.window_start < $3 then 1 else t.failures + 1 end) >= $4
                                  then $5 else t.locked_until end
            returning failures, locked_until""";

    private final Pool pool;
    private final LoginConfig config;
    private final Clock clock;

    public LoginThrottle(Pool pool, LoginConfig config, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    /** How long the address must wait before any attempt; zero when it may try. */
    public Uni<Duration> clientLockedFor(String client) {
        return lockedFor(List.of(clientKey(client)));
    }

    /**
     * How long this account must wait from this address (the address's own lock included), and
     * whether this account has failures from this address that a success must clear.
     */
    public Uni<Standing> accountStanding(UUID userId, String client) {
        Instant now = clock.instant();
        String pair = pairKey(userId, client);
        return pool.preparedQuery("select max(locked_until), bool_or(throttle_key = $2)"
                        + " from identity.login_throttle where throttle_key = any($1)")
                .execute(Tuple.of(new String[] {clientKey(client), pair, accountKey(userId)}, pair))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime until = row.getOffsetDateTime(0);
                    Boolean pairFailures = row.getBoolean(1);
                    Duration wait = until == null || !until.toInstant().isAfter(now) ? Duration.ZERO
                            : Duration.between(now, until.toInstant());
                    return new Standing(wait, Boolean.TRUE.equals(pairFailures));
                });
    }

    /** The lock to wait for (zero: none) and whether this account+address has failures on record. */
    public record Standing(Duration lockedFor, boolean pairFailures) {
    }

    /** Counts a failure against the address alone (an unknown email). */
    public Uni<Void> clientFailed(String client) {
        Duration window = config.clientLockout();
        return record(clientKey(client), config.clientMaxFailures(), window, window).replaceWithVoid();
    }

    /** Counts a wrong password; answers the lockout that this failure started, if it started one. */
    public Uni<Lock> accountFailed(UUID userId, String client, OrgSettings.PasswordPolicy policy) {
        Duration lockout = Duration.ofMinutes(Math.max(1, policy.lockoutMinutes()));
        int perPair = Math.max(1, policy.maxFailedAttempts());
        return record(pairKey(userId, client), perPair, lockout, lockout)
                .chain(pair -> record(accountKey(userId), perPair * config.accountFailureFactor(), lockout, lockout)
                        .chain(account -> clientFailed(client).replaceWith(
                                account.startedLock() ? new Lock("account", account.lockedUntil())
                                        : pair.startedLock() ? new Lock("client", pair.lockedUntil()) : null)));
    }

    public Uni<Void> succeeded(UUID userId, String client) {
        return pool.preparedQuery("delete from identity.login_throttle where throttle_key = $1")
                .execute(Tuple.of(pairKey(userId, client))).replaceWithVoid();
    }

    private Uni<Duration> lockedFor(List<String> keys) {
        Instant now = clock.instant();
        return pool.preparedQuery("select max(locked_until) from identity.login_throttle where throttle_key = any($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    OffsetDateTime until = rows.iterator().next().getOffsetDateTime(0);
                    return until == null || !until.toInstant().isAfter(now) ? Duration.ZERO
                            : Duration.between(now, until.toInstant());
                });
    }

    private Uni<Counted> record(String key, int limit, Duration window, Duration lockout) {
        Instant now = clock.instant();
        List<Object> values = new ArrayList<>();
        values.add(key);
        values.add(utc(now));
        values.add(utc(now.minus(window)));
        values.add(limit);
        values.add(utc(now.plus(lockout)));
        return pool.preparedQuery(RECORD_FAILURE).execute(Tuple.from(values)).map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime until = row.getOffsetDateTime("locked_until");
            return new Counted(row.getInteger("failures") == limit, until == null ? null : until.toInstant());
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String pairKey(UUID userId, String client) {
        return "acct-client:" + userId + ":" + client;
    }

    private static String accountKey(UUID userId) {
        return "acct:" + userId;
    }

    private static String clientKey(String client) {
        return "client:" + client;
    }

    private record Counted(boolean startedLock, Instant lockedUntil) {
    }

    /** A lockout that just started: {@code scope} is {@code client} (this address) or {@code account} (everyone). */
    public record Lock(String scope, Instant until) {
    }
}
