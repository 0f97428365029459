package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.Inbox;
import dev.threshold.identity.mfa.MfaStateService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps each user's "enrolled in MFA" in step with mfa-service, and forgets remembered browsers on a reset. */
@ApplicationScoped
public class MfaEventsConsumer {

    static final String CONSUMER = "identity.mfa-events";

    private final Inbox inbox;
    private final MfaStateService mfaState;
    private final ObjectMapper mapper;

    public MfaEventsConsumer(Inbox inbox, MfaStateService mfaState, ObjectMapper mapper) {
        this.inbox = inbox;
        this.mfaState = mfaState;
        this.mapper = mapper;
    }

    @Incoming("mfa-events")
    public Uni<Void> consume(Message<Object> message) {
        return inbox.consume(CONSUMER, message, event -> {
            MfaEvent data = event.dataAs(MfaEvent.class, mapper);
            return switch (event.name()) {
                case "mfa.enrolled", "mfa.device_removed" -> mfaState.devicesChanged(data.orgId(), data.userId(),
                        data.devices() == null || data.devices() > 0);
                case "mfa.reset" -> mfaState.reset(data.orgId(), data.userId());
                default -> Uni.createFrom().voidItem();
            };
        });
    }
}
