package dev.threshold.identity.user.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventHandler;
import dev.threshold.identity.user.UserService;
import dev.threshold.identity.user.UserState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Keeps invited users in step with invitation-service's invitations. */
@ApplicationScoped
public class InvitationEventsConsumer implements EventHandler {

    static final String CONSUMER = "identity.invitation-events";

    private final UserService users;
    private final ObjectMapper mapper;

    public InvitationEventsConsumer(UserService users, ObjectMapper mapper) {
        this.users = users;
        this.mapper = mapper;
    }

    @Override
    public String queue() {
        return CONSUMER;
    }

    @Override
    public List<String> routingKeys() {
        return List.of("invitation.created", "invitation.revoked", "invitation.expired", "invitation.accepted");
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        InvitationEvent data = event.dataAs(InvitationEvent.class, mapper);
        return switch (event.name()) {
            case "invitation.created" -> users.invited(data);
            case "invitation.revoked" -> users.invitationEnded(data, UserState.INVITATION_REVOKED);
            case "invitation.expired" -> users.invitationEnded(data, UserState.INVITATION_EXPIRED);
            default -> Uni.createFrom().voidItem();
        };
    }
}
