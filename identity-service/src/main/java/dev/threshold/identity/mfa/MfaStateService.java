package dev.threshold.identity.mfa;

import dev.threshold.identity.notice.SecurityNotices;
import dev.threshold.identity.notice.events.UserSecurityChanged;
import dev.threshold.identity.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What identity-service knows of a person's MFA: enrolled or not, and remembered browsers. Every
 * change mfa-service reports is also told to the person ({@link SecurityNotices}). Each method runs
 * inside the consumer's (inbox) transaction.
 */
@ApplicationScoped
public class MfaStateService {

    private static final Logger LOG = Logger.getLogger(MfaStateService.class);

    private final UserRepository users;
    private final RememberedDevices rememberedDevices;
    private final SecurityNotices notices;

    public MfaStateService(UserRepository users, RememberedDevices rememberedDevices, SecurityNotices notices) {
        this.users = users;
        this.rememberedDevices = rememberedDevices;
        this.notices = notices;
    }

    /** A device was validated ({@code mfa.enrolled}, at {@code at}): enrolled from now on. */
    public Uni<Void> deviceAdded(UUID orgId, UUID userId, String deviceName, Instant at) {
        return devicesChanged(orgId, userId, true)
                .chain(() -> notices.changed(orgId, userId, UserSecurityChanged.MFA_DEVICE_ADDED, deviceName, at));
    }

    /** The person deleted a device ({@code mfa.device_removed}, at {@code at}); {@code enrolled}: devices are left. */
    public Uni<Void> deviceRemoved(UUID orgId, UUID userId, String deviceName, boolean enrolled, Instant at) {
        return devicesChanged(orgId, userId, enrolled)
                .chain(() -> notices.changed(orgId, userId, UserSecurityChanged.MFA_DEVICE_REMOVED, deviceName, at));
    }

    /**
     * An admin reset the person's MFA ({@code mfa.reset}, at {@code at}): the next password login
     * enrolls again; remembered browsers are forgotten.
     */
    public Uni<Void> reset(UUID orgId, UUID userId, Instant at) {
        return setEnrolled(orgId, userId, false).chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                : rememberedDevices.forgetAll(userId)
                        .invoke(n -> LOG.infof("MFA of user %s reset: %d remembered browsers forgotten", userId, n))
                        .replaceWithVoid())
                .chain(() -> notices.changed(orgId, userId, UserSecurityChanged.MFA_RESET, null, at));
    }

    /** The person replaced their recovery codes (at {@code at}): nothing changes here, but the person is told. */
    public Uni<Void> recoveryCodesRegenerated(UUID orgId, UUID userId, Instant at) {
        return notices.changed(orgId, userId, UserSecurityChanged.RECOVERY_CODES_REGENERATED, null, at);
    }

    private Uni<Void> devicesChanged(UUID orgId, UUID userId, boolean enrolled) {
        return setEnrolled(orgId, userId, enrolled).chain(updated -> enrolled || updated == 0
                ? Uni.createFrom().voidItem() : rememberedDevices.forgetAll(userId).replaceWithVoid());
    }

    private Uni<Integer> setEnrolled(UUID orgId, UUID userId, boolean enrolled) {
        return users.setMfaEnrolled(orgId, userId, enrolled);
    }
}
