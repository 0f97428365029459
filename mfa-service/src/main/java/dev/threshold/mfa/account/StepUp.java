package dev.threshold.mfa.account;

import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.webauthn.Passkeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Step-up in My Account: every change to a person's second factor (a further device, deleting a
 * device, a new set of recovery codes) proves possession of the current one with the header
 * {@value #HEADER}: a current TOTP code of one of the person's devices (its time step is then
 * spent, as at login), an unused recovery code (then used up), or an assertion of one of the
 * person's passkeys (AuthenticationResponseJSON, compact, answering a challenge of
 * {@code POST /api/v2/mfa/challenge/options} asked for with the access token). Runs in the caller's
 * transaction under the wrong-code limit of {@link CodeVerifier}; a wrong code is recorded and
 * must commit, so callers return the outcome and answer
 * {@link dev.threshold.mfa.verification.Outcomes#requireStepUp} after the commit. A missing code
 * is refused without counting.
 */
@ApplicationScoped
public class StepUp {

    public static final String HEADER = "X-MFA-Code";
    /** Longer header values are wrong codes without looking further (a passkey assertion: {@link Passkeys#MAX_RESPONSE_LENGTH}). */
    static final int MAX_LENGTH = 64;

    private final DeviceRepository devices;
    private final CodeVerifier verifier;
    private final Passkeys passkeys;
    private final Clock clock;

    public StepUp(DeviceRepository devices, CodeVerifier verifier, Passkeys passkeys, Clock clock) {
        this.passkeys = passkeys;
        this.devices = devices;
        this.verifier = verifier;
        this.clock = clock;
    }

    public Uni<CodeVerifier.Outcome> check(Caller caller, String header) {
        String given = header == null ? "" : header.strip();
        if (given.isEmpty()) {
            return Uni.createFrom().item(new CodeVerifier.Outcome.Invalid());
        }
        if (given.startsWith("{")) {
            // a passkey assertion: its JSON, as PublicKeyCredential.toJSON() gives it
            if (given.length() > Passkeys.MAX_RESPONSE_LENGTH) {
                return verifier.limited(caller.subject(), now -> Uni.createFrom().item(new CodeVerifier.Outcome.Invalid()));
            }
            return devices.active(caller.subject(), caller.orgId())
                    .chain(active -> passkeys.verifyAssertion(caller, active, given));
        }
        if (given.length() <= 6 && given.matches("[0-9]{6}")) {
            return devices.active(caller.subject(), caller.orgId())
                    .chain(active -> verifier.totp(caller.subject(), active, given))
                    .invoke(outcome -> {
                        if (outcome instanceof CodeVerifier.Outcome.Accepted accepted && accepted.device() != null) {
                            Device device = accepted.device();
                            device.lastUsedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                        }
                    });
        }
        return verifier.recoveryCode(caller.subject(), caller.orgId(), given.length() > MAX_LENGTH ? "" : given);
    }
}
