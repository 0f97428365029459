package dev.threshold.invitation.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.invitation.redeem.TokenService;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.TypedEventHandler;
import dev.threshold.invitation.org.ActiveUserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.time.Instant;
import java.util.Locale;

/** {@code user.activated} (queue {@code invitation.user-events}): an active user is not invited again. */
@Singleton
public class UserEventsConsumer extends TypedEventHandler<UserActivated> {

    public static final String CONSUMER = "invitation.user-events";

    private final ActiveUserRepository activeUsers;
    private final TokenService tokens;

    public UserEventsConsumer(ActiveUserRepository activeUsers, ObjectMapper mapper, TokenService tokens) {
        super(CONSUMER, UserActivated.class, List.of("user.activated"), mapper);
        this.tokens = tokens;
        this.activeUsers = activeUsers;
    }

    @Override
    protected Uni<Void> apply(EventEnvelope event, UserActivated activated) {
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
