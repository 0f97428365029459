package dev.threshold.identity.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Sessions that ended within the last access-token lifetime, in memory: identity-service refuses
 * their access tokens ({@code 401 session_revoked}) without a database read per request. Filled
 * by this instance when it ends a session, from the {@code session.revoked} events of the other
 * instances of the region, and at start from the database. An entry lives as long as a token
 * issued just before the end may still be accepted (the lifetime plus the verifier's clock skew);
 * after that the token's own expiry refuses it. There is no size bound on purpose: an evicted
 * entry would let a token of an ended session in again, and every entry needed a login.
 */
@ApplicationScoped
public class RevokedSessions {

    private final Cache<UUID, Boolean> ended;
    private final Duration window;

    public RevokedSessions(TokenConfig config) {
        this.window = config.accessTokenTtl().plusSeconds(AccessTokenVerifier.CLOCK_SKEW_SECONDS);
        this.ended = Caffeine.newBuilder().expireAfterWrite(window).build();
    }

    /** How long after its end a session must stay known here. */
    public Duration window() {
        return window;
    }

    public void ended(UUID sessionId) {
        if (sessionId != null) {
            ended.put(sessionId, Boolean.TRUE);
        }
    }

    public boolean isEnded(UUID sessionId) {
        return sessionId != null && ended.getIfPresent(sessionId) != null;
    }
}
