package dev.threshold.mfa.account;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.account.api.NewRecoveryCodes;
import dev.threshold.mfa.account.api.RecoveryCodesStatus;
import dev.threshold.mfa.account.events.MfaRecoveryCodesRegenerated;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.recovery.RecoveryCodes;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.verification.Outcomes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** My Account: how many recovery codes are left, and a new set (with a step-up) that replaces the old one. */
@ApplicationScoped
public class RecoveryCodeService {

    private static final Logger LOG = Logger.getLogger(RecoveryCodeService.class);

    private final RecoveryCodes recoveryCodes;
    private final DeviceRepository devices;
    private final StepUp stepUp;
    private final Outbox outbox;

    public RecoveryCodeService(RecoveryCodes recoveryCodes, DeviceRepository devices, StepUp stepUp, Outbox outbox) {
        this.recoveryCodes = recoveryCodes;
        this.devices = devices;
        this.stepUp = stepUp;
        this.outbox = outbox;
    }

    public Uni<RecoveryCodesStatus> status(Caller caller) {
        return Panache.withSession(() -> recoveryCodes.status(caller.subject(), caller.orgId()))
                .map(status -> new RecoveryCodesStatus(status.remaining(), status.createdAt()));
    }

    /**
     * A new set of {@value RecoveryCodes#COUNT} codes, only with a step-up code (a recovery code
     * of the old set works for it, and is spent with the rest). A user without a device has no
     * recovery codes to renew: {@code 409 mfa_not_enrolled}.
     */
    public Uni<NewRecoveryCodes> regenerate(Caller caller, String stepUpCode) {
        return Panache.withTransaction(() -> devices.countActive(caller.subject(), caller.orgId())
                        .chain(count -> {
                            if (count == 0) {
                                throw new ProblemException(MfaProblem.MFA_NOT_ENROLLED);
                            }
                            return stepUp.check(caller, stepUpCode);
                        })
                        .chain(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                                ? recoveryCodes.issue(caller.subject(), caller.orgId())
                                        .call(() -> outbox.append(MfaRecoveryCodesRegenerated.NAME, caller.subject(),
                                                caller.orgId().toString(), new MfaRecoveryCodesRegenerated(caller.subject(),
                                                        caller.orgId(), RecoveryCodes.COUNT)))
                                        .map(codes -> new Result(outcome, codes))
                                : Uni.createFrom().item(new Result(outcome, null))))
                .map(result -> {
                    Outcomes.requireStepUp(result.outcome());
                    LOG.infof("Recovery codes of user %s regenerated", caller.subject());
                    return new NewRecoveryCodes(result.codes());
                });
    }

    private record Result(CodeVerifier.Outcome outcome, List<String> codes) {
    }
}
