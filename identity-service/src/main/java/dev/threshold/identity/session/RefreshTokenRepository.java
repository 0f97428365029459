package dev.threshold.identity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, String> {

    /** Marks the token used if it was not; 1 means this caller rotated it, 0 means reuse or unknown. */
    public Uni<Integer> markUsed(String hash, Instant now) {
        return update("usedAt = :now where tokenHash = :hash and usedAt is null",
                Parameters.with("now", now).and("hash", hash));
    }
}
