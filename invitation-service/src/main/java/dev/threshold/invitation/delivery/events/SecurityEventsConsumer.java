package dev.threshold.invitation.delivery.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.invitation.delivery.NotificationQueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * {@code user.security_changed} from identity-service (queue {@code invitation.security-events}):
 * queues the email that tells a person their password or MFA changed (ASVS 2.2.3) in the inbox's
 * transaction (a redelivered event queues nothing twice);
 * {@link dev.threshold.invitation.delivery.NotificationWorker} sends it with the usual retries.
 */
@Singleton
public class SecurityEventsConsumer extends TypedEventHandler<UserSecurityChanged> {

    public static final String CONSUMER = "invitation.security-events";
    private static final Logger LOG = Logger.getLogger(SecurityEventsConsumer.class);

    private final NotificationQueueRepository queue;
    private final ObjectMapper mapper;

    public SecurityEventsConsumer(NotificationQueueRepository queue, ObjectMapper mapper) {
        super(CONSUMER, UserSecurityChanged.class, List.of(UserSecurityChanged.NAME), mapper);
        this.queue = queue;
        this.mapper = mapper;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, UserSecurityChanged changed) {
        UserSecurityChanged.Recipient recipient = changed.recipient();
        if (changed.orgId() == null || changed.userId() == null || changed.change() == null || recipient == null
                || recipient.email() == null || recipient.email().isBlank()) {
            LOG.warnf("security notice %s without recipient: nothing to send", event.id());
            return Uni.createFrom().voidItem();
        }
        String data;
        try {
            // the template's facts; the recipient is the row's own columns
            data = mapper.writeValueAsString(new UserSecurityChanged(changed.userId(), changed.orgId(), changed.orgName(),
                    changed.change(), changed.deviceName(), changed.time() == null ? event.time() : changed.time(), null));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return queue.queue(List.of(new NotificationQueueRepository.Notification(changed.orgId(),
                NotificationQueueRepository.SECURITY_CHANGED, event.id(), recipient.email().strip().toLowerCase(Locale.ROOT),
                recipient.name(), recipient.locale(), data)));
    }
}
