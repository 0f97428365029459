package dev.threshold.identity.login;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.token.TokenConfig;
import dev.threshold.identity.user.events.UserLocked;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Counts password attempts in the database (so every instance sees them) under two keys, and never
 * under the account alone, so no stranger can lock a person out everywhere:
 * <ul>
 * <li>account and client address together (the org policy: {@code maxFailedAttempts} failures
 * lock this account from this address for {@code lockoutMinutes}); an unknown email, or one
 * without a password, has the same counter under a keyed hash of the email, with the default
 * policy, so it answers the same sequence (401 x 6, then 429);</li>
 * <li>the client address alone ({@code threshold.login.client-max-failures} on any accounts,
 * known or not, lock the address for {@code threshold.login.client-lockout}: spraying).</li>
 * </ul>
 *
 * <p>An attempt is <em>reserved</em> on its counters in one atomic upsert before the password is
 * hashed: the attempt that makes a counter exceed its limit is refused ({@code 429
 * too_many_attempts} with {@code Retry-After}) without any hashing, so concurrent guesses can never
 * evaluate more passwords than the limit. A wrong password keeps its reservation (and the failure
 * that reaches the limit starts the lock, event {@code user.locked} with scope {@code client}); a
 * right one clears the account+address counter and gives its slot on the address counter back;
 * an attempt that could not be evaluated (hashing pool full) gives all its slots back.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

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
            update identity.login_throttle as t set locked_until = r.until
            from unnest($1::text[], $2::int[], $3::timestamptz[]) as r(key, lim, until)
            where t.throttle_key = r.key and t.failures >= r.lim and t.locked_until is null
            returning t.throttle_key, t.locked_until""";

    /** After a right password: the matching account+address counters cleared, the other slots given back. */
    private static final String RELEASE = """
            with cleared as (delete from identity.login_throttle where throttle_key = any($1::text[]) returning 1)
            update identity.login_throttle set failures = greatest(failures - 1, 0)
            where throttle_key = any($2::text[])""";

    private static final String CLEAR_ACCOUNT = "delete from identity.login_throttle where throttle_key like $1";

    private final Pool pool;
    private final LoginConfig config;
    private final Clock clock;
    private final Outbox outbox;
    private final byte[] emailKey;

    @Inject
    public LoginThrottle(Pool pool, LoginConfig config, Clock clock, Outbox outbox, TokenConfig tokens) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.outbox = outbox;
        // a sub-key of the key-encryption key: every instance derives the same one, and the keys in the
        // table do not tell which emails were tried (no offline dictionary of emails against them)
        this.emailKey = hmac(Base64.getDecoder().decode(tokens.keyEncryptionKey().trim()),
                "threshold login throttle email key");
    }

    /**
     * One counter: its key, the limit (attempts over it are refused), the lockout (also the window
     * in which failures add up) and, for a known account, whom a lock concerns (for the event).
     */
    public record Counter(String key, int limit, Duration lockout, UUID userId, UUID orgId) {
    }

    /** The counter of a client address on any accounts. */
    public Counter client(String client) {
        return new Counter("client:" + clientBucket(client), Math.max(1, config.clientMaxFailures()),
                config.clientLockout(), null, null);
    }

    /** The counter of an account from a client address, under the org's policy. */
    public Counter pair(UUID userId, UUID orgId, String client, OrgSettings.PasswordPolicy policy) {
        return new Counter("acct-client:" + userId + ":" + clientBucket(client), Math.max(1, policy.maxFailedAttempts()),
                Duration.ofMinutes(Math.max(1, policy.lockoutMinutes())), userId, orgId);
    }

    /**
     * The counter of an email that has no account with a password (unknown, inactive, SSO user),
     * from a client address: the same limit and lockout as an account of the default policy.
     */
    public Counter unknown(String normalizedEmail, String client) {
        OrgSettings.PasswordPolicy policy = OrgSettings.PasswordPolicy.defaults();
        String hashed = HexFormat.of().formatHex(hmac(emailKey, normalizedEmail), 0, 16);
        return new Counter("email-client:" + hashed + ":" + clientBucket(client),
                Math.max(1, policy.maxFailedAttempts()), Duration.ofMinutes(Math.max(1, policy.lockoutMinutes())),
                null, null);
    }

    /**
     * Forgotten-password requests for one email from any address, known or not (under a keyed hash
     * of the email, like {@link #unknown}): {@code limit} per {@code window}. Never a login counter,
     * so requests cannot lock anyone out of signing in.
     */
    public Counter resetRequestsOfEmail(String normalizedEmail, int limit, Duration window) {
        String hashed = HexFormat.of().formatHex(hmac(emailKey, normalizedEmail), 0, 16);
        return new Counter("reset-email:" + hashed, Math.max(1, limit), window, null, null);
    }

    /** Forgotten-password requests from one client address, for any emails: {@code limit} per {@code window}. */
    public Counter resetRequestsOfClient(String client, int limit, Duration window) {
        return new Counter("reset-client:" + clientBucket(client), Math.max(1, limit), window, null, null);
    }

    /**
     * Every lockout counter of an account, from every address, cleared (after its password was
     * reset: the person proved the email, so earlier failures no longer count).
     */
    public Uni<Void> clearAccount(UUID userId) {
        return pool.preparedQuery(CLEAR_ACCOUNT).execute(Tuple.of("acct-client:" + userId + ":%")).replaceWithVoid();
    }

    /** Reserves one attempt on each counter (distinct keys), atomically per counter, before any hashing. */
    public Uni<Reservation> reserve(List<Counter> counters) {
        Instant now = clock.instant();
        List<Counter> sorted = counters.stream().sorted(Comparator.comparing(Counter::key)).toList();
        String[] keys = sorted.stream().map(Counter::key).toArray(String[]::new);
        OffsetDateTime[] ends = sorted.stream().map(c -> utc(now.plus(c.lockout()))).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(RESERVE).execute(Tuple.of(keys, ends, utc(now))).map(rows -> {
            Map<String, Reserved> byKey = new HashMap<>();
            for (Row row : rows) {
                OffsetDateTime until = row.getOffsetDateTime("until");
                byKey.put(row.getString("throttle_key"),
                        new Reserved(row.getInteger("failures"), until == null ? now : until.toInstant()));
            }
            return new Reservation(byKey, now);
        });
    }

    /** What one reservation gave: the attempt's number on each counter and until when that counter counts. */
    public static final class Reservation {

        private final Map<String, Reserved> byKey;
        private final Instant now;

        private Reservation(Map<String, Reserved> byKey, Instant now) {
            this.byKey = byKey;
            this.now = now;
        }

        /** Whether this attempt is within the counter's limit (so its password may be checked). */
        public boolean allows(Counter counter) {
            Reserved reserved = byKey.get(counter.key());
            return reserved == null || reserved.number() <= counter.limit();
        }

        /** How long until the counter lets attempts through again (zero: it allows this one). */
        public Duration wait(Counter counter) {
            if (allows(counter)) {
                return Duration.ZERO;
            }
            Duration wait = Duration.between(now, byKey.get(counter.key()).until());
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        }

        /** Throws {@code 429 too_many_attempts} with {@code Retry-After} unless every counter allows this attempt. */
        public void requireAllowed(List<Counter> counters) {
            Duration longest = Duration.ZERO;
            for (Counter counter : counters) {
                Duration wait = wait(counter);
                if (wait.compareTo(longest) > 0) {
                    longest = wait;
                }
            }
            if (!longest.isZero()) {
                throw tooManyAttempts(longest);
            }
        }
    }

    private record Reserved(int number, Instant until) {
    }

    /** {@code 429 too_many_attempts}, {@code Retry-After} in whole seconds (rounded up). */
    public static ProblemException tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
        return ProblemException.withHeader(IdentityProblem.TOO_MANY_ATTEMPTS, "Retry-After", Long.toString(seconds),
                seconds);
    }

    /**
     * A wrong password on these counters (their reservations stay as failures): each counter that
     * reached its limit locks; a lock of an account (from one address) becomes a {@code user.locked}
     * event. The same single write whether or not the email is known.
     */
    public Uni<Void> failed(List<Counter> counters) {
        Instant now = clock.instant();
        String[] keys = counters.stream().map(Counter::key).toArray(String[]::new);
        Integer[] limits = counters.stream().map(Counter::limit).toArray(Integer[]::new);
        OffsetDateTime[] until = counters.stream().map(c -> utc(now.plus(c.lockout()))).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(FAILED).execute(Tuple.of(keys, limits, until)).chain(rows -> {
            Uni<Void> events = Uni.createFrom().voidItem();
            for (Row row : rows) {
                String key = row.getString("throttle_key");
                Instant lockedUntil = row.getOffsetDateTime("locked_until").toInstant();
                Counter counter = counters.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
                if (counter.userId() == null) {
                    LOG.infof("login throttle %s locked until %s", key.startsWith("client:") ? key : "(email, client)",
                            lockedUntil);
                    continue;
                }
                events = events.chain(() -> Panache.withTransaction(() -> outbox.append(UserLocked.NAME, counter.userId().toString(),
                                counter.orgId().toString(), new UserLocked(counter.userId(), counter.orgId(),
                                        UserLocked.SCOPE_CLIENT, lockedUntil)))
                        .invoke(() -> LOG.infof("user %s locked for one client address until %s", counter.userId(),
                                lockedUntil))
                        .replaceWithVoid());
            }
            return events;
        });
    }

    /**
     * The password was right: the {@code cleared} counters (the account+address of the matching
     * accounts) start again at zero; the {@code released} ones get this attempt's slot back.
     */
    public Uni<Void> succeeded(List<Counter> cleared, List<Counter> released) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(cleared.stream().map(Counter::key).toArray(String[]::new),
                        released.stream().map(Counter::key).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The attempt could not be evaluated (e.g. the hashing pool was full): every slot given back. */
    public Uni<Void> release(List<Counter> counters) {
        return succeeded(List.of(), counters)
                .onFailure().invoke(e -> LOG.warnf("login throttle slots not given back: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * The part of a client address that counts: an IPv4 address, or the /64 network of an IPv6 one
     * (one subscriber usually holds a whole /64, so its single addresses are free to take).
     */
    static String clientBucket(String client) {
        byte[] bytes = ClientAddress.parse(client);
        if (bytes == null || bytes.length == 4) {
            return client;
        }
        byte[] network = new byte[16];
        System.arraycopy(bytes, 0, network, 0, 8);
        return ClientAddress.format(network) + "/64";
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
