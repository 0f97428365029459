package dev.threshold.invitation.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox of notification emails ({@code invitation.notification_mail}): identity-provider
 * changes to admins, forgotten-password links, a person's own password and MFA changes. Rows are queued in the caller's transaction, and
 * {@link NotificationWorker} sends them after that transaction committed ({@link #sendDue}).
 */
@ApplicationScoped
public class NotificationQueueRepository {

    /** An identity provider of the recipient's org was added, changed or removed. */
    public static final String IDP_CHANGED = "identity_provider_changed";

    /**
     * A forgotten-password link for the recipient. Its {@code data} holds the link's token sealed
     * (identity-service's {@code sealedToken}, opened only to render the email) and is emptied once
     * the email was sent or given up.
     */
    public static final String PASSWORD_RESET = "password_reset";

    /** The recipient's own password or MFA changed (identity-service's {@code user.security_changed}). */
    public static final String SECURITY_CHANGED = "security_changed";

    private static final String INSERT = "insert into invitation.notification_mail (id, org_id, kind, event_id, recipient,"
            + " recipient_name, locale, data, status, attempts, next_attempt_at, created_at) values (:id, :org, :kind,"
            + " :event, :recipient, :name, :locale, :data, 'QUEUED', 0, :now, :now) on conflict (event_id, recipient) do nothing";
    private static final String PICK = """
            select id, kind, recipient, recipient_name, locale, data, attempts
              from invitation.notification_mail
             where next_attempt_at <= $1 and status in ('QUEUED', 'FAILED')
             order by next_attempt_at
             limit $2
               for update skip locked""";
    /** A sent or given-up password reset keeps no trace of its (sealed) token. */
    private static final String SCRUB = "data = case when kind = '" + PASSWORD_RESET + "' then '{}' else data end";
    private static final String MARK_SENT = "update invitation.notification_mail set status = 'SENT',"
            + " attempts = attempts + 1, last_attempt_at = $2, sent_at = $2, next_attempt_at = null, last_error = null, "
            + SCRUB + " where id = any($1)";
    private static final String MARK_FAILED = "update invitation.notification_mail set status = 'FAILED',"
            + " attempts = attempts + 1, last_attempt_at = $2, last_error = $3, next_attempt_at = $4,"
            + " data = case when $4::timestamptz is null and kind = '" + PASSWORD_RESET
            + "' then '{}' else data end where id = $1";

    /** One email to queue; {@code data} is the template's facts as JSON (no secret in the clear). */
    public record Notification(UUID orgId, String kind, String eventId, String recipient, String recipientName,
            String locale, String data) {
    }

    /** A due email: what the worker renders it from. */
    public record Due(UUID id, String kind, String recipient, String recipientName, String locale, String data,
            int attempts) {
    }

    private final Pool pool;
    private final Clock clock;

    public NotificationQueueRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Inside the caller's transaction. */
    public Uni<Void> queue(List<Notification> notifications) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Notification notification : notifications) {
            done = done.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("org", notification.orgId())
                    .setParameter("kind", notification.kind())
                    .setParameter("event", notification.eventId())
                    .setParameter("recipient", notification.recipient())
                    .setParameter("name", notification.recipientName())
                    .setParameter("locale", notification.locale() == null ? "en" : notification.locale())
                    .setParameter("data", notification.data())
                    .setParameter("now", now)
                    .executeUpdate()).replaceWithVoid());
        }
        return done;
    }

    /**
     * Picks up to {@code max} emails due now, locked until this transaction ends ({@code FOR UPDATE
     * SKIP LOCKED}), hands them to {@code send} and records every outcome it reports before the
     * commit; the number picked, 0 when none is due.
     */
    public Uni<Integer> sendDue(int max, Function<List<Due>, Uni<List<DeliveryOutcome>>> send) {
        return pool.withTransaction(connection -> connection.preparedQuery(PICK)
                .execute(Tuple.of(SendQueueRepository.utc(clock.instant()), max))
                .chain(rows -> {
                    List<Due> due = new ArrayList<>(rows.size());
                    rows.forEach(row -> due.add(new Due(row.getUUID("id"), row.getString("kind"), row.getString("recipient"),
                            row.getString("recipient_name"), row.getString("locale"), row.getString("data"),
                            row.getInteger("attempts"))));
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return send.apply(due).chain(outcomes -> record(connection, outcomes, clock.instant()))
                            .replaceWith(due.size());
                }));
    }

    private static Uni<Void> record(SqlConnection connection, List<DeliveryOutcome> outcomes, Instant now) {
        UUID[] sentIds = SendQueueRepository.ids(outcomes, DeliveryState.SENT);
        Uni<Void> done = Uni.createFrom().voidItem();
        if (sentIds.length > 0) {
            done = done.chain(() -> connection.preparedQuery(MARK_SENT)
                    .execute(Tuple.tuple().addArrayOfUUID(sentIds).addOffsetDateTime(SendQueueRepository.utc(now))))
                    .replaceWithVoid();
        }
        for (DeliveryOutcome outcome : outcomes) {
            if (outcome.state() == DeliveryState.FAILED) {
                done = done.chain(() -> connection.preparedQuery(MARK_FAILED)
                        .execute(Tuple.of(outcome.id(), SendQueueRepository.utc(now), outcome.reason(),
                                SendQueueRepository.utc(outcome.nextAttempt()))))
                        .replaceWithVoid();
            }
        }
        return done;
    }
}
