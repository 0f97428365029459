package dev.threshold.identity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** The sessions of a user that have not ended, but {@code except}. */
    public Uni<java.util.List<Session>> liveOfUser(UUID userId, UUID except) {
        return list("userId = :user and revokedAt is null and id <> :except", Parameters.with("user", userId)
                .and("except", except == null ? new UUID(0, 0) : except));
    }
}
