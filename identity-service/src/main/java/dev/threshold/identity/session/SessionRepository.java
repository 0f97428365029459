package dev.threshold.identity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    public Uni<Integer> revokeAllOfUser(UUID userId, UUID except, Instant now, String reason) {
        return update("revokedAt = :now, revokedReason = :reason where userId = :user and revokedAt is null"
                + " and id <> :except", Parameters.with("now", now).and("reason", reason).and("user", userId)
                .and("except", except == null ? new UUID(0, 0) : except));
    }
}
