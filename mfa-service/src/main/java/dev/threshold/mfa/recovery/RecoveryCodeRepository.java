package dev.threshold.mfa.recovery;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RecoveryCodeRepository implements PanacheRepositoryBase<RecoveryCode, UUID> {

    /** The unused code of the user with this lookup, or null. */
    public Uni<RecoveryCode> unused(String userId, UUID orgId, String lookup) {
        return find("userId = ?1 and orgId = ?2 and lookup = ?3 and usedAt is null", userId, orgId, lookup).firstResult();
    }

    /** All codes of the user's current set, used or not. */
    public Uni<List<RecoveryCode>> all(String userId, UUID orgId) {
        return list("userId = ?1 and orgId = ?2", userId, orgId);
    }

    public Uni<Long> deleteAllOf(String userId, UUID orgId) {
        return delete("userId = ?1 and orgId = ?2", userId, orgId);
    }

    /** Marks the code used unless someone else just did; true if this call used it. */
    public Uni<Boolean> use(UUID id, Instant now) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null", now, id).map(rows -> rows == 1);
    }
}
