package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.identity.mfa.MfaStateService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Keeps each user's "enrolled in MFA" in step with mfa-service, and forgets remembered browsers on a reset. */
@Singleton
public class MfaEventsConsumer extends TypedEventHandler<MfaEvent> {

    static final String CONSUMER = "identity.mfa-events";

    private final MfaStateService mfaState;

    public MfaEventsConsumer(MfaStateService mfaState, ObjectMapper mapper) {
        super(CONSUMER, MfaEvent.class, List.of("mfa.enrolled", "mfa.device_removed", "mfa.reset"), mapper);
        this.mfaState = mfaState;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, MfaEvent data) {
        return switch (event.name()) {
            case "mfa.enrolled", "mfa.device_removed" -> mfaState.devicesChanged(data.orgId(), data.userId(),
                    data.devices() == null || data.devices() > 0);
            case "mfa.reset" -> mfaState.reset(data.orgId(), data.userId());
            default -> Uni.createFrom().voidItem();
        };
    }
}
