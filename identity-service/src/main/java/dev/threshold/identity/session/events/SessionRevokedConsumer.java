package dev.threshold.identity.session.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.EventEnvelope;
import dev.threshold.common.events.EventHandler;
import dev.threshold.identity.session.RevokedSessionsLoader;
import dev.threshold.identity.token.RevokedSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every instance of the region hears of every ended session ({@code session.revoked}, through a
 * queue of its own that lives as long as its connection), so its {@link RevokedSessions} refuses the
 * session's access tokens too. Nothing is stored: no inbox, and a redelivery is harmless. The queue
 * does not outlive a broker outage, so after every (re)subscription the recently ended sessions are
 * read again from the database.
 */
@ApplicationScoped
public class SessionRevokedConsumer implements EventHandler {

    private static final Logger LOG = Logger.getLogger(SessionRevokedConsumer.class);

    private final RevokedSessions revoked;
    private final RevokedSessionsLoader loader;
    private final ObjectMapper mapper;

    public SessionRevokedConsumer(RevokedSessions revoked, RevokedSessionsLoader loader, ObjectMapper mapper) {
        this.revoked = revoked;
        this.loader = loader;
        this.mapper = mapper;
    }

    @Override
    public String queue() {
        return "identity.session-revocations";
    }

    @Override
    public List<String> routingKeys() {
        return List.of(SessionRevoked.NAME);
    }

    @Override
    public boolean perInstance() {
        return true;
    }

    @Override
    public Uni<Void> apply(EventEnvelope event) {
        if (SessionRevoked.NAME.equals(event.name())) {
            revoked(event.dataAs(SessionRevoked.class, mapper));
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public void subscribed() {
        try {
            LOG.debugf("%d recently ended sessions read again after subscribing", loader.load());
        } catch (RuntimeException e) {
            LOG.warnf("recently ended sessions could not be read again after subscribing (%s)", e.toString());
        }
    }

    /** Applies one event (also what a test calls to stand in for another instance). */
    public void revoked(SessionRevoked event) {
        if (event != null && event.sessionId() != null) {
            revoked.ended(event.sessionId());
        }
    }
}
