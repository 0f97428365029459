package dev.threshold.mfa.recovery;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RecoveryCodeRepository implements PanacheRepositoryBase<RecoveryCode, UUID> {

    public Uni<List<RecoveryCode>> unused(String userId, UUID orgId) {
        return list("userId = ?1 and orgId = ?2 and usedAt is null", userId, orgId);
    }

    public Uni<Long> deleteAllOf(String userId, UUID orgId) {
        return delete("userId = ?1 and orgId = ?2", userId, orgId);
    }

    /** Marks the code used unless someone else just did; true if this call used it. */
    public Uni<Boolean> use(UUID id, Instant now) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null", now, id).map(rows -> rows == 1);
    }
}
