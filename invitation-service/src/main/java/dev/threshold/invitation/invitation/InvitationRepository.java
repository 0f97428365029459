package dev.threshold.invitation.invitation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Invitations, always looked up within one org: an id of another org is simply not found. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<Invitation, UUID> {

    public Uni<Invitation> findInOrg(UUID orgId, UUID id) {
        return find("id = :id and orgId = :orgId", Parameters.with("id", id).and("orgId", orgId)).firstResult();
    }

    public Uni<List<Invitation>> page(UUID orgId, InvitationStatus status, int pageIndex, int pageSize) {
        Sort sort = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        var query = status == null
                ? find("orgId = :orgId", sort, Parameters.with("orgId", orgId))
                : find("orgId = :orgId and status = :status", sort,
                        Parameters.with("orgId", orgId).and("status", status));
        return query.page(Page.of(pageIndex, pageSize)).list();
    }

    public Uni<Long> countInOrg(UUID orgId, InvitationStatus status) {
        return status == null
                ? count("orgId = :orgId", Parameters.with("orgId", orgId))
                : count("orgId = :orgId and status = :status", Parameters.with("orgId", orgId).and("status", status));
    }

    /** Which of these lower-cased emails already have a PENDING invitation in the org. */
    public Uni<Set<String>> pendingEmailKeys(UUID orgId, Collection<String> emailKeys) {
        if (emailKeys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return getSession().chain(session -> session
                .createSelectionQuery("select i.emailKey from Invitation i where i.orgId = :orgId"
                        + " and i.status = :status and i.emailKey in (:keys)", String.class)
                .setParameter("orgId", orgId)
                .setParameter("status", InvitationStatus.PENDING)
                .setParameter("keys", emailKeys)
                .getResultList())
                .map(HashSet::new);
    }

    /** The invitation a current or past token hash belongs to. */
    public Uni<Invitation> findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /**
     * Accepts the PENDING, unexpired invitation of a token hash with one conditional UPDATE, so of
     * concurrent redemptions only one finds the row still PENDING; 1 when this one did.
     */
    public Uni<Integer> acceptByTokenHash(String tokenHash, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                        "update invitation.invitation set status = 'ACCEPTED', accepted_at = :now, updated_at = :now"
                                + " where token_hash = :hash and status = 'PENDING' and expires_at > :now")
                .setParameter("now", now)
                .setParameter("hash", tokenHash)
                .executeUpdate());
    }

    /** Accepts an invitation of the org if it is still PENDING (whatever its expiry); 1 when it was. */
    public Uni<Integer> acceptIfPending(UUID orgId, UUID id, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(
                        "update invitation.invitation set status = 'ACCEPTED', accepted_at = :now, updated_at = :now"
                                + " where id = :id and org_id = :org and status = 'PENDING'")
                .setParameter("now", now).setParameter("id", id).setParameter("org", orgId)
                .executeUpdate());
    }

    /**
     * Up to {@code limit} PENDING invitations past their expiry, locked until the transaction ends
     * ({@code FOR UPDATE SKIP LOCKED}: parallel expiry runs take different rows), as entities to change.
     */
    public Uni<List<Invitation>> lockDueForExpiry(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery("select id from invitation.invitation"
                        + " where status = 'PENDING' and expires_at <= :now order by expires_at limit :limit"
                        + " for update skip locked", UUID.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList()
                // the rows are locked by now; load them as entities to change them
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Invitation>of()) : session
                        .createSelectionQuery("from Invitation i where i.id in (:ids)", Invitation.class)
                        .setParameter("ids", ids)
                        .getResultList()));
    }
}
