package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventHandler;
import dev.threshold.identity.mfa.MfaStateService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Keeps each user's "enrolled in MFA" in step with mfa-service, and forgets remembered browsers on a reset. */
@ApplicationScoped
public class MfaEventsConsumer implements EventHandler {

    static final String CONSUMER = "identity.mfa-events";

    private final MfaStateService mfaState;
    private final ObjectMapper mapper;

    public MfaEventsConsumer(MfaStateService mfaState, ObjectMapper mapper) {
        this.mfaState = mfaState;
        this.mapper = mapper;
    }

    @Override
    public String queue() {
        return CONSUMER;
    }

    @Override
    public List<String> routingKeys() {
        return List.of("mfa.enrolled", "mfa.device_removed", "mfa.reset");
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        MfaEvent data = event.dataAs(MfaEvent.class, mapper);
        return switch (event.name()) {
            case "mfa.enrolled", "mfa.device_removed" -> mfaState.devicesChanged(data.orgId(), data.userId(),
                    data.devices() == null || data.devices() > 0);
            case "mfa.reset" -> mfaState.reset(data.orgId(), data.userId());
            default -> Uni.createFrom().voidItem();
        };
    }
}
