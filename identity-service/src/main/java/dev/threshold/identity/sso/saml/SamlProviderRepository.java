package dev.threshold.identity.sso.saml;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SamlProviderRepository implements PanacheRepositoryBase<SamlProvider, UUID> {

    public Uni<List<SamlProvider>> findAll(Collection<UUID> idpIds) {
        if (idpIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("idpId in ?1", idpIds);
    }
}
