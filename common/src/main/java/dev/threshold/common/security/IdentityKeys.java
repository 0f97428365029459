package dev.threshold.common.security;

import dev.threshold.common.problem.IdentityOutage;
import dev.threshold.common.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Which signing keys ({@code kid}s) identity-service publishes, as last read from its JWKS, and
 * the decision that comes before quarkus-oidc verifies a bearer it has not seen:
 * <ul>
 * <li>a token whose {@code kid} is published goes on to quarkus-oidc (which keeps the key
 * material once fetched, so it keeps verifying while identity-service is down);</li>
 * <li>an unknown {@code kid} makes one read of the JWKS (shared by all requests waiting for it;
 * the read itself is retried with jitter behind a circuit breaker, {@link IdentityJwks}): still
 * unknown is {@code 401}; no answer from identity-service is
 * {@code 503 identity_unavailable} with {@code Retry-After}, never a 401 or a 500;</li>
 * <li>a token without a readable {@code kid} is {@code 401} (identity-service always sets one).</li>
 * </ul>
 * An unknown {@code kid} within {@code minRefreshInterval} of the last successful read is refused
 * without asking again, so forged key ids cannot make this process hammer identity-service; a
 * list older than {@code maxAge} is read again in the background, so a withdrawn key stops
 * being trusted. With no JWKS to read ({@code fetch} null: tokens are verified with a fixed
 * public key) every token goes on to quarkus-oidc.
 */
public final class IdentityKeys {

    /** Seconds a client should wait: the circuit breaker's delay ({@link IdentityJwks}). */
    public static final int RETRY_AFTER_SECONDS = IdentityOutage.RETRY_AFTER_SECONDS;

    private static final Logger LOG = Logger.getLogger(IdentityKeys.class);

    /** Key ids of one successful read, and when it completed. */
    record Snapshot(Set<String> keyIds, Instant readAt) {
    }

    /** The last failed read, for health and logs. */
    record Failure(Instant at, String reason) {
    }

    private final Supplier<Uni<Set<String>>> fetch;
    private final Clock clock;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final AtomicReference<CompletableFuture<Snapshot>> inFlight = new AtomicReference<>();
    private final LongAdder reads = new LongAdder();
    private final LongAdder failedReads = new LongAdder();
    private volatile Snapshot snapshot;
    private volatile Failure lastFailure;
    private volatile Instant lastAttempt = Instant.MIN;

    /**
     * @param fetch the key ids of identity-service's JWKS, failing when it cannot be read; null when
     *        the service has no JWKS to read
     */
    public IdentityKeys(Supplier<Uni<Set<String>>> fetch, Clock clock, Duration minRefreshInterval, Duration maxAge) {
        this.fetch = fetch;
        this.clock = clock;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
    }

    /** Whether tokens are checked against a JWKS at all. */
    public boolean active() {
        return fetch != null;
    }

    /**
     * Completes when quarkus-oidc may verify {@code token}; fails with an
     * {@link AuthenticationFailedException} ({@code 401}), or one whose cause is the
     * {@code 503 identity_unavailable} problem.
     */
    public Uni<Void> admit(String token) {
        if (fetch == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            String kid = keyId(token);
            if (kid == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException("bearer without a readable kid"));
            }
            Snapshot known = snapshot;
            Instant now = clock.instant();
            if (known != null && known.keyIds().contains(kid)) {
                if (!now.isBefore(known.readAt().plus(maxAge))) {
                    refreshInBackground();
                }
                return Uni.createFrom().voidItem();
            }
            if (known != null && now.isBefore(known.readAt().plus(minRefreshInterval))) {
                // not a 401: a key identity-service rotated to a moment ago is not in our list yet,
                // and refusing its tokens would end sessions that are fine; ask again after the interval
                long seconds = (long) Math.ceil(Duration.between(now, known.readAt().plus(minRefreshInterval)).toMillis() / 1000.0);
                return Uni.createFrom().failure(new AuthenticationFailedException(
                        "key " + kid + " not listed at the last read, read again after the interval",
                        IdentityOutage.problem(seconds)));
            }
            return refresh().onItemOrFailure().transformToUni((fresh, failure) -> {
                if (failure != null) {
                    return Uni.createFrom().failure(new AuthenticationFailedException(
                            "identity-service's keys cannot be read", unavailable()));
                }
                return fresh.keyIds().contains(kid) ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(unknownKey(kid));
            });
        });
    }

    /** The answer to a client whose token cannot be checked because identity-service does not answer. */
    public static ProblemException unavailable() {
        return IdentityOutage.problem();
    }

    /**
     * One read of the JWKS at a time: a request that finds a read under way waits for it. Each
     * waiter continues on its own Vert.x context, not on the one that completed the read.
     */
    Uni<Snapshot> refresh() {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<Snapshot> shared = Uni.createFrom().completionStage(startOrJoinRead());
            return caller == null ? shared : shared.emitOn(command -> caller.runOnContext(ignored -> command.run()));
        });
    }

    private CompletableFuture<Snapshot> startOrJoinRead() {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        reads.increment();
        lastAttempt = clock.instant();
        Uni.createFrom().<Set<String>>deferred(() -> fetch.get()).subscribe().with(keyIds -> {
            Snapshot fresh = new Snapshot(Set.copyOf(keyIds), clock.instant());
            snapshot = fresh;
            lastFailure = null;
            inFlight.set(null);
            mine.complete(fresh);
        }, failure -> {
            failedReads.increment();
            lastFailure = new Failure(clock.instant(), describe(failure));
            if (failure instanceof CircuitBreakerOpenException) {
                LOG.debugf("identity-service's JWKS not read: %s", describe(failure));
            } else {
                LOG.warnf("identity-service's JWKS cannot be read (%s): bearers signed with a key not seen yet get 503"
                        + " identity_unavailable; keys already known keep working", describe(failure));
            }
            inFlight.set(null);
            mine.completeExceptionally(failure);
        });
        return mine;
    }

    /** At most one background read per {@code minRefreshInterval}, failed ones included. */
    private void refreshInBackground() {
        if (inFlight.get() == null && !clock.instant().isBefore(lastAttempt.plus(minRefreshInterval))) {
            startOrJoinRead().exceptionally(failure -> null);
        }
    }

    private static AuthenticationFailedException unknownKey(String kid) {
        LOG.debugf("bearer signed with key %s, which identity-service does not publish", kid);
        return new AuthenticationFailedException("kid not published by identity-service");
    }

    private static String describe(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? name : name + ": " + failure.getMessage();
    }

    /** The {@code kid} of a compact JWS's header, or null when the token is not one or has none. */
    static String keyId(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 4096) {
            return null;
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
            Object kid = new JsonObject(new String(header, StandardCharsets.UTF_8)).getValue("kid");
            return kid instanceof String s && !s.isEmpty() ? s : null;
        } catch (RuntimeException notAJwt) {
            return null;
        }
    }

    /** The key ids of the last successful read (empty before the first). */
    public Set<String> knownKeyIds() {
        Snapshot known = snapshot;
        return known == null ? Set.of() : known.keyIds();
    }

    /** When the last successful read completed. */
    public Optional<Instant> lastRead() {
        return Optional.ofNullable(snapshot).map(Snapshot::readAt);
    }

    /** The last read's failure, if the last read failed. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public long reads() {
        return reads.sum();
    }

    public long failedReads() {
        return failedReads.sum();
    }
}
