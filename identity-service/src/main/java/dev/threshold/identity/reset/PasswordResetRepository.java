package dev.threshold.identity.reset;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class PasswordResetRepository implements PanacheRepositoryBase<PasswordReset, UUID> {

    public Uni<PasswordReset> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /** A newer link replaces the person's earlier ones that are still usable. */
    public Uni<Integer> replaceLive(UUID userId, Instant now) {
        return update("replacedAt = :now where userId = :user and usedAt is null and replacedAt is null",
                Parameters.with("now", now).and("user", userId));
    }

    /** Uses the link once: 1 when this call used it, 0 when it was used, replaced or expired meanwhile. */
    public Uni<Integer> use(UUID id, Instant now) {
        return update("usedAt = :now where id = :id and usedAt is null and replacedAt is null and expiresAt > :now",
                Parameters.with("now", now).and("id", id));
    }
}
