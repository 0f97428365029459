package dev.threshold.identity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, String> {

    /**
     * Stores the successor of a rotated token; a second store of the same successor (a reuse inside
     * the grace) does nothing, so exactly one row exists whatever races.
     */
    public Uni<Void> storeSuccessor(String hash, UUID sessionId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                        "insert into identity.refresh_token (token_hash, session_id, created_at)"
                                + " values (:hash, :session, :now) on conflict (token_hash) do nothing")
                        .setParameter("hash", hash)
                        .setParameter("session", sessionId)
                        .setParameter("now", now)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Marks the token used if it was not; 1 means this caller rotated it, 0 means reuse or unknown. */
    public Uni<Integer> markUsed(String hash, Instant now) {
        return update("usedAt = :now where tokenHash = :hash and usedAt is null",
                Parameters.with("now", now).and("hash", hash));
    }
}
