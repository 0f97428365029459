package dev.threshold.identity.reset;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PasswordResetRequestRepository implements PanacheRepositoryBase<PasswordResetRequest, UUID> {

    /**
     * Takes the request for the caller's transaction: true for exactly one caller, however many
     * handle it at once (a concurrent delete waits for this transaction and then finds nothing);
     * if the transaction rolls back, the request is there again for the sweep.
     */
    public Uni<Boolean> claim(UUID id) {
        return delete("id = :id", Parameters.with("id", id)).map(deleted -> deleted == 1);
    }

    /** Requests older than {@code before}, oldest first, at most {@code limit}. */
    public Uni<List<PasswordResetRequest>> leftBefore(Instant before, int limit) {
        return find("requestedAt < :before order by requestedAt", Parameters.with("before", before))
                .page(0, limit).list();
    }
}
