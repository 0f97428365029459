package dev.threshold.invitation.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of notification emails to admins ({@code invitation.notification_mail}): rows are
 * queued in the caller's transaction and sent by {@link NotificationWorker} after it committed.
 */
@ApplicationScoped
public class NotificationQueue {

    /** An identity provider of the recipient's org was added, changed or removed. */
    public static final String IDP_CHANGED = "identity_provider_changed";

    /**
     * A forgotten-password link for the recipient. Its {@code data} holds the link's token sealed
     * (identity-service's {@code sealedToken}, opened only to render the email) and is emptied once
     * the email was sent or given up.
     */
    public static final String PASSWORD_RESET = "password_reset";

    private static final String INSERT = "insert into invitation.notification_mail (id, org_id, kind, event_id, recipient,"
            + " recipient_name, locale, data, status, attempts, next_attempt_at, created_at) values (:id, :org, :kind,"
            + " :event, :recipient, :name, :locale, :data, 'QUEUED', 0, :now, :now) on conflict (event_id, recipient) do nothing";

    /** One email to queue; {@code data} is the template's facts as JSON (no secret in the clear). */
    public record Notification(UUID orgId, String kind, String eventId, String recipient, String recipientName,
            String locale, String data) {
    }

    private final Clock clock;

    public NotificationQueue(Clock clock) {
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
}
