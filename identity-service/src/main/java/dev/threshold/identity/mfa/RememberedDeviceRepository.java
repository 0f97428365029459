package dev.threshold.identity.mfa;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class RememberedDeviceRepository implements PanacheRepositoryBase<RememberedDevice, UUID> {

    public Uni<Boolean> isRemembered(UUID userId, String secretHash, Instant now) {
        return count("userId = :user and secretHash = :hash and expiresAt > :now",
                Parameters.with("user", userId).and("hash", secretHash).and("now", now)).map(n -> n > 0);
    }

    public Uni<Long> forgetAll(UUID userId) {
        return delete("userId = :user", Parameters.with("user", userId));
    }
}
