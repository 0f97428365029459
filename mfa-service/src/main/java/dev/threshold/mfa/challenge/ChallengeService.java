package dev.threshold.mfa.challenge;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.challenge.api.ChallengeRequest;
import dev.threshold.mfa.challenge.api.ChallengeResponse;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.mfa.proof.ProofSigner;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.verification.Outcomes;
import dev.threshold.mfa.webauthn.Passkeys;
import dev.threshold.mfa.webauthn.api.OptionsResponse;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The second step of a password login: a TOTP code of any device, a recovery code or a passkey's
 * assertion, for an mfaProof.
 */
@ApplicationScoped
public class ChallengeService {

    private static final Logger LOG = Logger.getLogger(ChallengeService.class);

    private final DeviceRepository devices;
    private final CodeVerifier verifier;
    private final ProofSigner proofs;
    private final Passkeys passkeys;
    private final Clock clock;

    public ChallengeService(DeviceRepository devices, CodeVerifier verifier, ProofSigner proofs, Passkeys passkeys,
            Clock clock) {
        this.passkeys = passkeys;
        this.devices = devices;
        this.verifier = verifier;
        this.proofs = proofs;
        this.clock = clock;
    }

    public Uni<ChallengeResponse> challenge(Caller caller, ChallengeRequest request) {
        boolean byCode = request.code() != null;
        boolean byRecovery = request.recoveryCode() != null;
        boolean byPasskey = request.credential() != null;
        int given = (byCode ? 1 : 0) + (byRecovery ? 1 : 0) + (byPasskey ? 1 : 0);
        if (given != 1) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, List.of(given == 0
                    ? new Problem.FieldError("/code", "required", null)
                    : new Problem.FieldError(byCode ? (byRecovery ? "/recoveryCode" : "/credential") : "/credential",
                            "exclusive", null)));
        }
        String assertion = byPasskey ? Passkeys.responseJson(request.credential(), "/credential") : null;
        return Panache.withTransaction(() -> devices.active(caller.subject(), caller.orgId())
                        .chain(active -> {
                            if (active.isEmpty()) {
                                throw new ProblemException(MfaProblem.MFA_NOT_ENROLLED);
                            }
                            if (byPasskey) {
                                return passkeys.verifyAssertion(caller, active, assertion);
                            }
                            return byCode ? verifier.totp(caller.subject(), active, request.code())
                                    : verifier.recoveryCode(caller.subject(), caller.orgId(), request.recoveryCode());
                        })
                        .invoke(outcome -> {
                            if (outcome instanceof CodeVerifier.Outcome.Accepted accepted && accepted.device() != null) {
                                Device device = accepted.device();
                                device.lastUsedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                            }
                        }))
                .map(outcome -> {
                    if (byPasskey) {
                        Outcomes.requireCredential(outcome);
                    } else {
                        Outcomes.requireAccepted(outcome);
                    }
                    LOG.infof("MFA challenge of user %s passed (flow %s, %s)", caller.subject(), caller.flow(),
                            byPasskey ? "passkey" : byRecovery ? "recovery code" : "code");
                    return new ChallengeResponse(proofs.sign(caller.subject(), caller.orgId(), caller.flow(),
                            byPasskey ? ProofSigner.PASSKEY : byRecovery ? ProofSigner.RECOVERY_CODE : ProofSigner.TOTP));
                });
    }

    /** Request options for the person's passkeys, at login (mfaToken) or for a step-up (access token). */
    public Uni<OptionsResponse> options(Caller caller) {
        return Panache.withTransaction(() -> passkeys.assertionOptions(caller));
    }
}
