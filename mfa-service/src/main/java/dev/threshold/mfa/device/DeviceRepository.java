package dev.threshold.mfa.device;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    /** A user's validated devices, oldest first. */
    public Uni<List<Device>> active(String userId, UUID orgId) {
        return list("userId = ?1 and orgId = ?2 and status = ?3 order by validatedAt, id", userId, orgId,
                Device.Status.ACTIVE);
    }

    public Uni<Long> countActive(String userId, UUID orgId) {
        return count("userId = ?1 and orgId = ?2 and status = ?3", userId, orgId, Device.Status.ACTIVE);
    }

    /** A device of this user in this org, whatever its state; null if another user's or unknown. */
    public Uni<Device> owned(UUID id, String userId, UUID orgId) {
        return find("id = ?1 and userId = ?2 and orgId = ?3", id, userId, orgId).firstResult();
    }

    /** Whether any device, of anyone, holds this WebAuthn credential id. */
    public Uni<Boolean> credentialTaken(byte[] credentialId) {
        return count("credentialId = ?1", (Object) credentialId).map(count -> count > 0);
    }

    public Uni<Boolean> activeNameTaken(String userId, UUID orgId, String nameKey, UUID except) {
        return count("userId = ?1 and orgId = ?2 and status = ?3 and nameKey = ?4 and id <> ?5", userId, orgId,
                Device.Status.ACTIVE, nameKey, except).map(count -> count > 0);
    }

    /** Pending enrollments of the user with this name (a retry replaces them) or already expired. */
    public Uni<Long> deleteStalePending(String userId, UUID orgId, String nameKey, Instant now) {
        return delete("userId = ?1 and orgId = ?2 and status = ?3 and (nameKey = ?4 or expiresAt <= ?5)", userId, orgId,
                Device.Status.PENDING, nameKey, now);
    }

    /** Keeps only the user's {@code keep} newest pending enrollments. */
    public Uni<Integer> trimPending(String userId, UUID orgId, int keep) {
        return getSession().chain(session -> session.createNativeQuery("""
                delete from mfa.device where id in (select id from mfa.device where user_id = :user and org_id = :org
                    and status = 'PENDING' order by created_at desc, id offset :keep)""")
                .setParameter("user", userId)
                .setParameter("org", orgId)
                .setParameter("keep", keep)
                .executeUpdate());
    }

    /** The user's pending enrollments other than {@code except}. */
    public Uni<Long> deletePendingExcept(String userId, UUID orgId, UUID except) {
        return delete("userId = ?1 and orgId = ?2 and status = ?3 and id <> ?4", userId, orgId, Device.Status.PENDING,
                except);
    }

    public Uni<Long> deleteExpiredPending(Instant now) {
        return delete("status = ?1 and expiresAt <= ?2", Device.Status.PENDING, now);
    }

    /** Deletes one device at once (a statement, not at the next flush), so a query right after no longer sees it. */
    public Uni<Long> deleteNow(UUID id) {
        return delete("id", id);
    }

    public Uni<Long> deleteAllOf(String userId, UUID orgId) {
        return delete("userId = ?1 and orgId = ?2", userId, orgId);
    }
}
