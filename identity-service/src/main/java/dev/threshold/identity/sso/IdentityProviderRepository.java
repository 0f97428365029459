package dev.threshold.identity.sso;

import dev.threshold.identity.org.IdentityProviderCount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class IdentityProviderRepository implements PanacheRepositoryBase<IdentityProvider, UUID>, IdentityProviderCount {

    /** What a sign-in through an OpenID Connect provider needs of its row. */
    public record OidcSignIn(long version, String issuer, String clientId, byte[] clientSecretSealed,
            String clientSecretKeyId, String scopes) {
    }

    private final Pool pool;
    private final String schema;

    public IdentityProviderRepository(Pool pool, @ConfigProperty(name = "threshold.events.schema") String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    /**
     * The sign-in settings of an OpenID Connect provider, or null for an unknown one (or a SAML
     * one). Straight on the pool: quarkus-oidc asks for them outside any ORM session.
     */
    public Uni<OidcSignIn> oidcSignIn(UUID idpId) {
        return pool.preparedQuery("select issuer, client_id, client_secret_sealed, client_secret_key_id, scopes, version"
                        + " from " + schema + ".identity_provider where id = $1 and type = 'oidc'")
                .execute(Tuple.of(idpId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new OidcSignIn(row.getLong("version"), row.getString("issuer"), row.getString("client_id"),
                            row.getBuffer("client_secret_sealed").getBytes(), row.getString("client_secret_key_id"),
                            row.getString("scopes"));
                });
    }

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
