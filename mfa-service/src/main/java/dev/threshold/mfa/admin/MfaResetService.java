package dev.threshold.mfa.admin;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.admin.events.MfaReset;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.mfa.recovery.RecoveryCodeRepository;
import dev.threshold.mfa.verification.VerificationRepository;
import dev.threshold.mfa.webauthn.ChallengeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An admin's reset of a user who lost their device: everything MFA of that user in the admin's
 * org goes (devices and passkeys, pending enrollments, recovery codes, used steps, WebAuthn
 * challenges, wrong-code counts), and
 * {@code mfa.reset} tells identity-service to ask for enrollment again.
 */
@ApplicationScoped
public class MfaResetService {

    private static final Logger LOG = Logger.getLogger(MfaResetService.class);

    private final DeviceRepository devices;
    private final RecoveryCodeRepository recoveryCodes;
    private final ChallengeRepository challenges;
    private final VerificationRepository verification;
    private final Outbox outbox;

    public MfaResetService(DeviceRepository devices, RecoveryCodeRepository recoveryCodes, ChallengeRepository challenges,
            VerificationRepository verification, Outbox outbox) {
        this.verification = verification;
        this.challenges = challenges;
        this.devices = devices;
        this.recoveryCodes = recoveryCodes;
        this.outbox = outbox;
    }

    /**
     * @throws ProblemException {@code user_not_found} when the org has no MFA data of that user
     *                          (unknown, another org's, or never enrolled: all look the same)
     */
    public Uni<Void> reset(UUID orgId, String userId, String resetBy) {
        return Panache.withTransaction(() -> devices.deleteAllOf(userId, orgId)
                .chain(deletedDevices -> recoveryCodes.deleteAllOf(userId, orgId)
                        .map(deletedCodes -> deletedDevices + deletedCodes))
                .chain(deleted -> {
                    if (deleted == 0) {
                        throw new ProblemException(MfaProblem.USER_NOT_FOUND);
                    }
                    return verification.deleteFailuresOf(userId).chain(() -> challenges.deleteAllOf(userId, orgId));
                })
                .chain(() -> outbox.append(MfaReset.NAME, userId, orgId.toString(), new MfaReset(userId, orgId, resetBy))))
                .invoke(() -> LOG.infof("MFA of user %s in org %s reset by %s", userId, orgId, resetBy))
                .replaceWithVoid();
    }
}
