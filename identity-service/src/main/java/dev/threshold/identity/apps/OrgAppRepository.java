package dev.threshold.identity.apps;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrgAppRepository implements PanacheRepositoryBase<OrgApp, UUID> {

    /** The org's apps in the order of its tiles. */
    public Uni<List<OrgApp>> ofOrg(UUID orgId) {
        return list("orgId = :org order by position, createdAt, id", Parameters.with("org", orgId));
    }

    public Uni<OrgApp> findInOrg(UUID orgId, UUID id) {
        return find("orgId = :org and id = :id", Parameters.with("org", orgId).and("id", id)).firstResult();
    }

    public Uni<Long> countInOrg(UUID orgId) {
        return count("orgId", orgId);
    }
}
