package dev.threshold.mfa.verification;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rows behind the checks of second factors: the per-user lock, the wrong codes a user entered
 * ({@link FailedAttempt}) and the TOTP steps already used per device.
 */
@ApplicationScoped
public class VerificationRepository implements PanacheRepositoryBase<FailedAttempt, Long> {

    private static final String LOCK = "select 1 from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l";
    private static final String MARK_STEP = "insert into mfa.used_step (device_id, step, used_at)"
            + " values (:device, :step, :now) on conflict do nothing";
    private static final String RECORD_FAILURE = "insert into mfa.failed_attempt (user_id, failed_at) values (:user, :now)";

    /** Holds the user's checks to one at a time until the current transaction ends. */
    public Uni<Void> lockUser(String userId) {
        return getSession()
                .chain(session -> session.createNativeQuery(LOCK).setParameter("key", "mfa-user:" + userId)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** Marks a TOTP step of a device used; false when it was used already (a replay). */
    public Uni<Boolean> markStepUsed(UUID deviceId, long step, Instant now) {
        return getSession()
                .chain(session -> session.createNativeQuery(MARK_STEP)
                        .setParameter("device", deviceId)
                        .setParameter("step", step)
                        .setParameter("now", now)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** The times of the user's wrong codes after {@code since}, oldest first. */
    public Uni<List<Instant>> failuresSince(String userId, Instant since) {
        return getSession().chain(session -> session
                .createSelectionQuery("select f.failedAt from FailedAttempt f where f.userId = :user and f.failedAt > :since"
                        + " order by f.failedAt", Instant.class)
                .setParameter("user", userId)
                .setParameter("since", since)
                .getResultList());
    }

    public Uni<Void> recordFailure(String userId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(RECORD_FAILURE)
                .setParameter("user", userId)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets the user's wrong codes (an admin's reset). */
    public Uni<Integer> deleteFailuresOf(String userId) {
        return getSession().chain(session -> session
                .createNativeQuery("delete from mfa.failed_attempt where user_id = :user")
                .setParameter("user", userId).executeUpdate());
    }

    /** Housekeeping: wrong codes no window counts any more, used steps no check can replay. */
    public Uni<Void> purge(Instant failuresBefore, long stepsBefore) {
        return getSession()
                .chain(session -> session.createNativeQuery("delete from mfa.used_step where step < :step")
                        .setParameter("step", stepsBefore).executeUpdate())
                .chain(() -> getSession().chain(session -> session
                        .createNativeQuery("delete from mfa.failed_attempt where failed_at < :since")
                        .setParameter("since", failuresBefore).executeUpdate()))
                .replaceWithVoid();
    }
}
