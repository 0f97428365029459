package dev.threshold.identity.user.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.Inbox;
import dev.threshold.identity.user.UserService;
import dev.threshold.identity.user.UserState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps invited users in step with invitation-service's invitations. */
@ApplicationScoped
public class InvitationEventsConsumer {

    static final String CONSUMER = "identity.invitation-events";

    private final Inbox inbox;
    private final UserService users;
    private final ObjectMapper mapper;

    public InvitationEventsConsumer(Inbox inbox, UserService users, ObjectMapper mapper) {
        this.inbox = inbox;
        this.users = users;
        this.mapper = mapper;
    }

    @Incoming("invitation-events")
    public Uni<Void> consume(Message<Object> message) {
        return inbox.consume(CONSUMER, message, event -> {
            InvitationEvent data = event.dataAs(InvitationEvent.class, mapper);
            return switch (event.name()) {
                case "invitation.created" -> users.invited(data);
                case "invitation.revoked" -> users.invitationEnded(data, UserState.INVITATION_REVOKED);
                case "invitation.expired" -> users.invitationEnded(data, UserState.INVITATION_EXPIRED);
                default -> Uni.createFrom().voidItem();
            };
        });
    }
}
