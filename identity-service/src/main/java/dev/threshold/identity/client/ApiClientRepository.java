package dev.threshold.identity.client;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiClientRepository implements PanacheRepositoryBase<ApiClient, String> {

    public Uni<List<ApiClient>> ofOrg(UUID orgId) {
        return list("orgId = :org order by createdAt, clientId", Parameters.with("org", orgId));
    }

    public Uni<Long> deleteInOrg(UUID orgId, String clientId) {
        return delete("orgId = :org and clientId = :id", Parameters.with("org", orgId).and("id", clientId));
    }
}
