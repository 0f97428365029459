package dev.threshold.invitation.redeem.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventHandler;
import dev.threshold.invitation.org.ActiveUserRepository;
import dev.threshold.invitation.redeem.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code user.activated} (queue {@code invitation.user-events}): an active user is not invited again. */
@ApplicationScoped
public class UserEventsConsumer implements EventHandler {

    public static final String CONSUMER = "invitation.user-events";

    private final ActiveUserRepository activeUsers;
    private final ObjectMapper mapper;
    private final TokenService tokens;

    public UserEventsConsumer(ActiveUserRepository activeUsers, ObjectMapper mapper, TokenService tokens) {
        this.tokens = tokens;
        this.activeUsers = activeUsers;
        this.mapper = mapper;
    }

    @Override
    public String queue() {
        return CONSUMER;
    }

    @Override
    public List<String> routingKeys() {
        return List.of("user.activated");
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        if (!"user.activated".equals(event.name())) {
            return Uni.createFrom().voidItem();
        }
        UserActivated activated = event.dataAs(UserActivated.class, mapper);
        if (activated.orgId() == null || activated.email() == null || activated.email().isBlank()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> recorded = activeUsers.upsert(activated.orgId(), activated.email().strip().toLowerCase(Locale.ROOT),
                activated.userId() == null ? "" : activated.userId(), event.time() == null ? Instant.now() : event.time());
        // activated through the identity provider: the invitation's link must stop working too
        return activated.invitationId() == null ? recorded
                : recorded.chain(() -> tokens.acceptedThroughSignIn(activated.orgId(), activated.invitationId()));
    }
}
