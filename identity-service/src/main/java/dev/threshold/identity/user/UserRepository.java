package dev.threshold.identity.user;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> findInOrg(UUID orgId, UUID userId) {
        return find("id = :id and orgId = :org", Parameters.with("id", userId).and("org", orgId)).firstResult();
    }

    public Uni<User> findByEmail(UUID orgId, String email) {
        return find("orgId = :org and email = :email",
                Parameters.with("org", orgId).and("email", email.toLowerCase(Locale.ROOT))).firstResult();
    }

    /** The active users of this email in every org of the region, oldest first. */
    public Uni<List<User>> findActiveByEmail(String email, int limit) {
        return find("email = :email and state = :state order by createdAt, id",
                Parameters.with("email", email.toLowerCase(Locale.ROOT)).and("state", UserState.ACTIVE))
                .page(Page.ofSize(limit)).list();
    }

    public Uni<User> findByInvitation(UUID orgId, UUID invitationId) {
        return find("orgId = :org and invitationId = :invitation",
                Parameters.with("org", orgId).and("invitation", invitationId)).firstResult();
    }

    public Uni<List<User>> page(UUID orgId, UserState state, int pageIndex, int pageSize) {
        return query(orgId, state).page(Page.of(pageIndex, pageSize)).list();
    }

    public Uni<Long> count(UUID orgId, UserState state) {
        return query(orgId, state).count();
    }

    private io.quarkus.hibernate.reactive.panache.PanacheQuery<User> query(UUID orgId, UserState state) {
        return state == null
                ? find("orgId = :org", Sort.by("email").and("id"), Parameters.with("org", orgId))
                : find("orgId = :org and state = :state", Sort.by("email").and("id"),
                        Parameters.with("org", orgId).and("state", state));
    }

    public Uni<Integer> updatePasswordHash(UUID userId, String hash) {
        return update("passwordHash = :hash where id = :id", Parameters.with("hash", hash).and("id", userId));
    }

    /** An update, not an entity change: a login may be changing the same user at this moment. */
    public Uni<Integer> setMfaEnrolled(UUID orgId, UUID userId, boolean enrolled) {
        return update("mfaEnrolled = ?1 where id = ?2 and orgId = ?3", enrolled, userId, orgId);
    }

    /** The org's active users whose roles mention admin, oldest first, at most {@code limit}. */
    public Uni<List<User>> activeAdminCandidates(UUID orgId, int limit) {
        return find("orgId = :org and state = :state and roles like :admin order by createdAt, id",
                Parameters.with("org", orgId).and("state", UserState.ACTIVE).and("admin", "%admin%"))
                .page(Page.ofSize(limit)).list();
    }
}
