package dev.threshold.invitation.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.invitation.redeem.TokenService;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.Inbox;
import dev.threshold.invitation.org.ActiveUserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code user.activated} (queue {@code invitation.user-events}): an active user is not invited again. */
@ApplicationScoped
public class UserEventsConsumer {

    public static final String CONSUMER = "invitation.user-events";

    private final Inbox inbox;
    private final ActiveUserRepository activeUsers;
    private final ObjectMapper mapper;
    private final TokenService tokens;

    public UserEventsConsumer(Inbox inbox, ActiveUserRepository activeUsers, ObjectMapper mapper, TokenService tokens) {
        this.tokens = tokens;
        this.inbox = inbox;
        this.activeUsers = activeUsers;
        this.mapper = mapper;
    }

    @Incoming("user-events")
    public Uni<Void> consume(Message<Object> message) {
        return inbox.consume(CONSUMER, message, this::apply);
    }

    Uni<Void> apply(EventEnvelope event) {
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
