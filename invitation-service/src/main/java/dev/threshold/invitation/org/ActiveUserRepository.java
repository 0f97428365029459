package dev.threshold.invitation.org;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ActiveUserRepository implements PanacheRepositoryBase<ActiveUser, ActiveUser.Key> {

    /** Which of these lower-cased emails belong to active users of the org. */
    public Uni<Set<String>> activeEmailKeys(UUID orgId, Collection<String> emailKeys) {
        if (emailKeys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return getSession().chain(session -> session
                .createSelectionQuery("select a.emailKey from ActiveUser a where a.orgId = :orgId"
                        + " and a.emailKey in (:keys)", String.class)
                .setParameter("orgId", orgId)
                .setParameter("keys", emailKeys)
                .getResultList())
                .map(HashSet::new);
    }

    /** Records (or refreshes) an active user; safe to repeat. */
    public Uni<Void> upsert(UUID orgId, String emailKey, String userId, Instant activatedAt) {
        return getSession().chain(session -> session
                .createNativeQuery("insert into invitation.active_user (org_id, email_key, user_id, activated_at)"
                        + " values (:orgId, :emailKey, :userId, :at) on conflict (org_id, email_key)"
                        + " do update set user_id = excluded.user_id, activated_at = excluded.activated_at")
                .setParameter("orgId", orgId)
                .setParameter("emailKey", emailKey)
                .setParameter("userId", userId)
                .setParameter("at", activatedAt)
                .executeUpdate())
                .replaceWithVoid();
    }
}
