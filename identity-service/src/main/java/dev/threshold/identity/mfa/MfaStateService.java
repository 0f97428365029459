package dev.threshold.identity.mfa;

import dev.threshold.identity.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What identity-service knows of a person's MFA: enrolled or not, and remembered browsers. */
@ApplicationScoped
public class MfaStateService {

    private static final Logger LOG = Logger.getLogger(MfaStateService.class);

    private final UserRepository users;
    private final RememberedDevices rememberedDevices;

    public MfaStateService(UserRepository users, RememberedDevices rememberedDevices) {
        this.users = users;
        this.rememberedDevices = rememberedDevices;
    }

    /** Runs inside the consumer's transaction. */
    public Uni<Void> devicesChanged(UUID orgId, UUID userId, boolean enrolled) {
        return setEnrolled(orgId, userId, enrolled).chain(updated -> enrolled || updated == 0
                ? Uni.createFrom().voidItem() : rememberedDevices.forgetAll(userId).replaceWithVoid());
    }

    /** An admin reset the person's MFA: the next password login enrolls again; remembered browsers are forgotten. */
    public Uni<Void> reset(UUID orgId, UUID userId) {
        return setEnrolled(orgId, userId, false).chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                : rememberedDevices.forgetAll(userId)
                        .invoke(n -> LOG.infof("MFA of user %s reset: %d remembered browsers forgotten", userId, n))
                        .replaceWithVoid());
    }

    private Uni<Integer> setEnrolled(UUID orgId, UUID userId, boolean enrolled) {
        return users.setMfaEnrolled(orgId, userId, enrolled);
    }
}
