package dev.threshold.identity.login;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.token.TokenConfig;
import dev.threshold.identity.user.events.UserLocked;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
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

    private final LoginThrottleRepository rows;
    private final LoginConfig config;
    private final Clock clock;
    private final Outbox outbox;
    private final byte[] emailKey;

    @Inject
    public LoginThrottle(LoginThrottleRepository rows, LoginConfig config, Clock clock, Outbox outbox,
            TokenConfig tokens) {
        this.rows = rows;
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
        return rows.deleteByPrefix("acct-client:" + userId + ":");
    }

    /** Reserves one attempt on each counter (distinct keys), atomically per counter, before any hashing. */
    public Uni<Reservation> reserve(List<Counter> counters) {
        Instant now = clock.instant();
        List<Counter> sorted = counters.stream().sorted(Comparator.comparing(Counter::key)).toList();
        String[] keys = sorted.stream().map(Counter::key).toArray(String[]::new);
        Instant[] ends = sorted.stream().map(c -> now.plus(c.lockout())).toArray(Instant[]::new);
        return rows.reserve(keys, ends, now).map(byKey -> new Reservation(byKey, now));
    }

    /** What one reservation gave: the attempt's number on each counter and until when that counter counts. */
    public static final class Reservation {

        private final Map<String, LoginThrottleRepository.Reserved> byKey;
        private final Instant now;

        private Reservation(Map<String, LoginThrottleRepository.Reserved> byKey, Instant now) {
            this.byKey = byKey;
            this.now = now;
        }

        /** Whether this attempt is within the counter's limit (so its password may be checked). */
        public boolean allows(Counter counter) {
            LoginThrottleRepository.Reserved reserved = byKey.get(counter.key());
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
        Instant[] until = counters.stream().map(c -> now.plus(c.lockout())).toArray(Instant[]::new);
        return rows.lockReached(keys, limits, until).chain(locked -> {
            Uni<Void> events = Uni.createFrom().voidItem();
            for (LoginThrottleRepository.Locked lock : locked) {
                String key = lock.key();
                Instant lockedUntil = lock.until();
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
        return rows.release(cleared.stream().map(Counter::key).toArray(String[]::new),
                released.stream().map(Counter::key).toArray(String[]::new));
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

}
