package dev.threshold.identity.sso;

import dev.threshold.identity.org.IdentityProviderCount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IdentityProviderRepository implements PanacheRepositoryBase<IdentityProvider, UUID>, IdentityProviderCount {

    public Uni<List<IdentityProvider>> listByOrg(UUID orgId) {
        return find("orgId = :org", Sort.by("createdAt").and("id"), Parameters.with("org", orgId)).list();
    }

    public Uni<IdentityProvider> findInOrg(UUID orgId, UUID id) {
        return find("id = :id and orgId = :org", Parameters.with("id", id).and("org", orgId)).firstResult();
    }

    @Override
    public Uni<Long> countByOrg(UUID orgId) {
        return count("orgId = :org", Parameters.with("org", orgId));
    }
}
