package dev.threshold.identity.session.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.identity.token.RevokedSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Every instance of the region hears of every ended session ({@code session.revoked}, through a
 * queue of its own that lives as long as the instance), so its {@link RevokedSessions} refuses the
 * session's access tokens too. Nothing is stored: no inbox, and a redelivery is harmless.
 */
@ApplicationScoped
public class SessionRevokedConsumer {

    private static final Logger LOG = Logger.getLogger(SessionRevokedConsumer.class);

    private final RevokedSessions revoked;
    private final ObjectMapper mapper;

    public SessionRevokedConsumer(RevokedSessions revoked, ObjectMapper mapper) {
        this.revoked = revoked;
        this.mapper = mapper;
    }

    @Incoming("session-revocations")
    public Uni<Void> consume(Message<Object> message) {
        try {
            EventEnvelope event = EventEnvelope.parse(message.getPayload(), mapper);
            if (SessionRevoked.NAME.equals(event.name())) {
                revoked(event.dataAs(SessionRevoked.class, mapper));
            }
        } catch (RuntimeException e) {
            LOG.warnf("session-revocations: dropping a message that is not a session.revoked event (%s)",
                    e.getMessage());
        }
        return Uni.createFrom().completionStage(message.ack());
    }

    /** Applies one event (also what a test calls to stand in for another instance). */
    public void revoked(SessionRevoked event) {
        if (event != null && event.sessionId() != null) {
            revoked.ended(event.sessionId());
        }
    }
}
