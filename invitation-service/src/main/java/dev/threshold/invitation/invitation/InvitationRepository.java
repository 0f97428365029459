package dev.threshold.invitation.invitation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
}
