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
 * {@code user.password_reset_requested} from identity-service (queue
 * {@code invitation.password-reset-events}): queues the forgotten-password email in the inbox's
 * transaction (a redelivered event queues nothing twice); {@link dev.threshold.invitation.delivery.NotificationWorker}
 * sends it with the usual retries. The row keeps the token sealed, as the event carried it.
 */
@Singleton
public class PasswordResetEventsConsumer extends TypedEventHandler<PasswordResetRequested> {

    public static final String CONSUMER = "invitation.password-reset-events";
    private static final Logger LOG = Logger.getLogger(PasswordResetEventsConsumer.class);

    private final NotificationQueueRepository queue;
    private final ObjectMapper mapper;

    public PasswordResetEventsConsumer(NotificationQueueRepository queue, ObjectMapper mapper) {
        super(CONSUMER, PasswordResetRequested.class, List.of(PasswordResetRequested.NAME), mapper);
        this.queue = queue;
        this.mapper = mapper;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, PasswordResetRequested requested) {
        if (requested.orgId() == null || requested.userId() == null || requested.email() == null
                || requested.email().isBlank() || requested.sealedToken() == null) {
            LOG.warnf("password reset event %s without recipient or token: nothing to send", event.id());
            return Uni.createFrom().voidItem();
        }
        String data;
        try {
            data = mapper.writeValueAsString(requested);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return queue.queue(List.of(new NotificationQueueRepository.Notification(requested.orgId(), NotificationQueueRepository.PASSWORD_RESET,
                event.id(), requested.email().strip().toLowerCase(Locale.ROOT), requested.name(), requested.locale(), data)));
    }
}
