package dev.threshold.identity.token;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {

    /** The active key and those retired after {@code publishedSince}, newest first. */
    public Uni<List<SigningKey>> published(Instant publishedSince) {
        return list("retiredAt is null or retiredAt > :since order by createdAt desc",
                Parameters.with("since", publishedSince));
    }

    public Uni<Integer> retireActive(Instant now) {
        return update("retiredAt = :now where retiredAt is null", Parameters.with("now", now));
    }
}
