package dev.threshold.identity.org;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    public Uni<Organization> findByName(String name) {
        return find("name", name.toLowerCase(Locale.ROOT)).firstResult();
    }

    public Uni<List<Organization>> listByIds(Collection<UUID> ids) {
        return list("id in :ids", Parameters.with("ids", ids));
    }
}
