package dev.threshold.invitation.delivery.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.invitation.delivery.NotificationQueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code org.identity_provider_changed} from identity-service (queue {@code invitation.idp-events}):
 * queues a notification email to each of the org's other active admins named in the event, in
 * the inbox's transaction (a redelivered event queues nothing twice). The emails go out through
 * {@link dev.threshold.invitation.delivery.NotificationWorker}, with retries.
 */
@Singleton
public class IdentityProviderEventsConsumer extends TypedEventHandler<IdentityProviderChanged> {

    public static final String CONSUMER = "invitation.idp-events";
    private static final int MAX_RECIPIENTS = 200;

    private final NotificationQueueRepository queue;
    private final ObjectMapper mapper;

    public IdentityProviderEventsConsumer(NotificationQueueRepository queue, ObjectMapper mapper) {
        super(CONSUMER, IdentityProviderChanged.class, List.of(IdentityProviderChanged.NAME), mapper);
        this.queue = queue;
        this.mapper = mapper;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, IdentityProviderChanged changed) {
        if (changed.orgId() == null || changed.recipients() == null || changed.recipients().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String data;
        try {
            // the template's facts, without the recipient list
            data = mapper.writeValueAsString(new IdentityProviderChanged(changed.orgId(), changed.orgName(),
                    changed.idpId(), changed.change(), changed.actorUserId(), changed.actorEmail(), changed.actorName(),
                    changed.displayName(), changed.type(), changed.issuer(), changed.fields(),
                    changed.time() == null ? event.time() : changed.time(), List.of()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        List<NotificationQueueRepository.Notification> notifications = new ArrayList<>();
        for (IdentityProviderChanged.Recipient recipient : changed.recipients()) {
            if (recipient.email() == null || recipient.email().isBlank() || notifications.size() >= MAX_RECIPIENTS) {
                continue;
            }
            notifications.add(new NotificationQueueRepository.Notification(changed.orgId(), NotificationQueueRepository.IDP_CHANGED,
                    event.id(), recipient.email().strip().toLowerCase(Locale.ROOT), recipient.name(),
                    recipient.locale(), data));
        }
        return queue.queue(notifications);
    }
}
