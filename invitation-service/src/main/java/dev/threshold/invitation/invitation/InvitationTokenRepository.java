package dev.threshold.invitation.invitation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class InvitationTokenRepository implements PanacheRepositoryBase<InvitationToken, String> {

    public Uni<Integer> markReplaced(String tokenHash, Instant now) {
        return update("replacedAt = :now where tokenHash = :hash and replacedAt is null",
                Parameters.with("now", now).and("hash", tokenHash));
    }
}
