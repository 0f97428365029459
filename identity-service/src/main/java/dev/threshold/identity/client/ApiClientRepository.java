package dev.threshold.identity.client;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiClientRepository implements PanacheRepositoryBase<ApiClient, String> {

    private final Pool pool;

    public ApiClientRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ApiClient>> ofOrg(UUID orgId) {
        return list("orgId = :org order by createdAt, clientId", Parameters.with("org", orgId));
    }

    public Uni<Long> deleteInOrg(UUID orgId, String clientId) {
        return delete("orgId = :org and clientId = :id", Parameters.with("org", orgId).and("id", clientId));
    }

    /**
     * What the client-credentials grant needs of a client (org, roles, secret hash, last use), or
     * null: one statement straight on the pool, no ORM session on the grant's hot path.
     */
    public Uni<ApiClient> findForGrant(String clientId) {
        return pool.preparedQuery("select org_id, roles, secret_hash, last_used_at from identity.api_client"
                + " where client_id = $1").execute(Tuple.of(clientId)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    ApiClient client = new ApiClient();
                    client.clientId = clientId;
                    client.orgId = row.getUUID("org_id");
                    client.roles = row.getString("roles");
                    client.secretHash = row.getString("secret_hash");
                    OffsetDateTime lastUsed = row.getOffsetDateTime("last_used_at");
                    client.lastUsedAt = lastUsed == null ? null : lastUsed.toInstant();
                    return client;
                });
    }

    public Uni<Integer> touch(String clientId, Instant now) {
        return update("lastUsedAt = :now where clientId = :id", Parameters.with("now", now).and("id", clientId));
    }
}
