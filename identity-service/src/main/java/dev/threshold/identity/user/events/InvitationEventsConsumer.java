package dev.threshold.identity.user.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.identity.user.UserService;
import dev.threshold.identity.user.UserState;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Keeps invited users in step with invitation-service's invitations. */
@Singleton
public class InvitationEventsConsumer extends TypedEventHandler<InvitationEvent> {

    static final String CONSUMER = "identity.invitation-events";

    private final UserService users;

    public InvitationEventsConsumer(UserService users, ObjectMapper mapper) {
        super(CONSUMER, InvitationEvent.class,
                List.of("invitation.created", "invitation.revoked", "invitation.expired", "invitation.accepted"), mapper);
        this.users = users;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, InvitationEvent data) {
        return switch (event.name()) {
            case "invitation.created" -> users.invited(data);
            case "invitation.revoked" -> users.invitationEnded(data, UserState.INVITATION_REVOKED);
            case "invitation.expired" -> users.invitationEnded(data, UserState.INVITATION_EXPIRED);
            default -> Uni.createFrom().voidItem();
        };
    }
}
