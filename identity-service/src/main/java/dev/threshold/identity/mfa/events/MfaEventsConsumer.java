package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.identity.mfa.MfaStateService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Keeps each user's "enrolled in MFA" in step with mfa-service, forgets remembered browsers on a
 * reset, and tells the person of every change of their MFA ({@code user.security_changed}), in the
 * inbox's transaction: once per event, however often it is delivered.
 */
@Singleton
public class MfaEventsConsumer extends TypedEventHandler<MfaEvent> {

    static final String CONSUMER = "identity.mfa-events";

    private final MfaStateService mfaState;

    public MfaEventsConsumer(MfaStateService mfaState, ObjectMapper mapper) {
        super(CONSUMER, MfaEvent.class, List.of("mfa.enrolled", "mfa.device_removed", "mfa.reset",
                "mfa.recovery_codes_regenerated"), mapper);
        this.mfaState = mfaState;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, MfaEvent data) {
        return switch (event.name()) {
            case "mfa.enrolled" -> mfaState.deviceAdded(data.orgId(), data.userId(), data.deviceName(), event.time());
            case "mfa.device_removed" -> mfaState.deviceRemoved(data.orgId(), data.userId(), data.deviceName(),
                    data.devices() == null || data.devices() > 0, event.time());
            case "mfa.reset" -> mfaState.reset(data.orgId(), data.userId(), event.time());
            case "mfa.recovery_codes_regenerated" -> mfaState.recoveryCodesRegenerated(data.orgId(), data.userId(),
                    event.time());
            default -> Uni.createFrom().voidItem();
        };
    }
}
