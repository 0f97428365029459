package dev.threshold.identity.login;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Logins waiting for their MFA step. */
@ApplicationScoped
public class LoginFlowRepository implements PanacheRepositoryBase<LoginFlow, UUID> {

    /** Marks the flow consumed if it was not; 1 means this caller consumed it, 0 that another did. */
    public Uni<Integer> consume(UUID flowId, Instant now) {
        return update("consumedAt = :now where id = :id and consumedAt is null",
                Parameters.with("now", now).and("id", flowId));
    }
}
