package dev.threshold.mfa.webauthn;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.webauthn.api.OptionsResponse;
import dev.threshold.mfa.webauthn.api.PublicKeyOptions;
import dev.threshold.mfa.webauthn.events.MfaPasskeyCloneSuspected;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Passkeys as second factor: the options of a registration or an assertion (each with a fresh,
 * single-use, short-lived challenge) and the checks of what the browser sends back, in the
 * caller's transaction. Every check runs under {@link CodeVerifier}'s per-user lock and wrong-code
 * limit: a response that fails for any reason (does not parse, unknown or used challenge, wrong
 * origin, RP id, signature, a counter that went back) is a wrong attempt, recorded and counted as
 * a wrong TOTP code is. A counter that went back also writes {@code mfa.passkey_clone_suspected}
 * to the outbox.
 */
@ApplicationScoped
public class Passkeys {

    private static final Logger LOG = Logger.getLogger(Passkeys.class);
    /** Longest response JSON looked at; real ones are 1-3 KB (a packed attestation with its certificate). */
    public static final int MAX_RESPONSE_LENGTH = 16 * 1024;
    private static final CodeVerifier.Outcome INVALID = new CodeVerifier.Outcome.Invalid();

    private final RelyingParty relyingParty;
    private final ChallengeRepository challenges;
    private final DeviceRepository devices;
    private final CodeVerifier verifier;
    private final Outbox outbox;
    private final MfaConfig config;
    private final Clock clock;

    public Passkeys(RelyingParty relyingParty, ChallengeRepository challenges, DeviceRepository devices,
            CodeVerifier verifier, Outbox outbox, MfaConfig config, Clock clock) {
        this.relyingParty = relyingParty;
        this.challenges = challenges;
        this.devices = devices;
        this.verifier = verifier;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** How long a pending passkey enrollment (and so its challenge) lives. */
    public Instant registrationExpiry(Instant now) {
        java.time.Duration ttl = config.webauthn().challengeTtl();
        return now.plus(ttl.compareTo(config.enrollment().ttl()) < 0 ? ttl : config.enrollment().ttl());
    }

    // ---------------------------------------------------------------- registration

    /** Creation options for the pending passkey {@code pending} (persisted); the person's passkeys are excluded. */
    public Uni<PublicKeyOptions.Creation> startRegistration(Caller caller, Device pending) {
        Instant now = now();
        return devices.active(caller.subject(), caller.orgId())
                .chain(active -> challenges.issue(caller.subject(), caller.orgId(), ChallengeRepository.Purpose.REGISTRATION,
                                pending.id, null, now, pending.expiresAt)
                        .map(challenge -> relyingParty.creationOptions(challenge, caller.subject(), pending.account, active)));
    }

    /**
     * Checks the registration response of the pending passkey {@code pending}: on success the
     * device carries the credential ({@code Accepted(pending)}), still PENDING; the caller
     * activates it.
     */
    public Uni<CodeVerifier.Outcome> finishRegistration(Caller caller, Device pending, String response) {
        return verifier.limited(caller.subject(), now -> {
            RegistrationData data;
            try {
                data = relyingParty.parseRegistration(response);
            } catch (RelyingParty.Refused e) {
                return refused(caller, e);
            }
            byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
            return challenges.consume(challenge, caller.subject(), caller.orgId(), ChallengeRepository.Purpose.REGISTRATION,
                            pending.id, null, now)
                    .chain(consumed -> {
                        if (!consumed) {
                            return refused(caller, new RelyingParty.Refused("unknown, used or expired registration challenge"));
                        }
                        RelyingParty.Registered registered;
                        try {
                            registered = relyingParty.verifyRegistration(data, challenge);
                        } catch (RelyingParty.Refused e) {
                            return refused(caller, e);
                        }
                        return devices.credentialTaken(registered.credentialId()).chain(taken -> {
                            if (taken) {
                                return refused(caller, new RelyingParty.Refused("credential id registered already"));
                            }
                            pending.credentialId = registered.credentialId();
                            pending.publicKey = registered.publicKey();
                            pending.signCount = registered.signCount();
                            pending.transports = registered.transports();
                            pending.aaguid = registered.aaguid();
                            pending.attestationFormat = registered.attestationFormat();
                            pending.uvInitialized = registered.userVerified();
                            pending.backupEligible = registered.backupEligible();
                            pending.backupState = registered.backupState();
                            return Uni.createFrom().item(new CodeVerifier.Outcome.Accepted(pending));
                        });
                    });
        });
    }

    // ---------------------------------------------------------------- assertions

    /**
     * Request options for an assertion of one of the person's passkeys: at login (an mfaToken,
     * bound to its flow) or as a step-up in My Account (an access token). {@code 409
     * mfa_not_enrolled} without any device, {@code 409 passkey_not_enrolled} without a passkey.
     */
    public Uni<OptionsResponse> assertionOptions(Caller caller) {
        Instant now = now();
        return devices.active(caller.subject(), caller.orgId()).chain(active -> {
            if (active.isEmpty()) {
                throw new ProblemException(MfaProblem.MFA_NOT_ENROLLED);
            }
            List<Device> passkeys = active.stream().filter(Device::isPasskey).toList();
            if (passkeys.isEmpty()) {
                throw new ProblemException(MfaProblem.PASSKEY_NOT_ENROLLED);
            }
            List<String> methods = new ArrayList<>();
            methods.add(Device.Type.WEBAUTHN.apiName());
            if (active.stream().anyMatch(Device::isTotp)) {
                methods.add(Device.Type.TOTP.apiName());
            }
            ChallengeRepository.Purpose purpose = caller.isMfaToken() ? ChallengeRepository.Purpose.LOGIN
                    : ChallengeRepository.Purpose.STEP_UP;
            return challenges.issue(caller.subject(), caller.orgId(), purpose, null, caller.flow(), now,
                            now.plus(config.webauthn().challengeTtl()))
                    .map(challenge -> new OptionsResponse(relyingParty.requestOptions(challenge, passkeys), methods));
        });
    }

    /**
     * Checks an assertion (AuthenticationResponseJSON) of one of {@code active} (the person's
     * devices): at login with an mfaToken (its challenge must be of this login flow), else as a
     * step-up. {@code Accepted(device)} with the device's counter moved on.
     */
    public Uni<CodeVerifier.Outcome> verifyAssertion(Caller caller, List<Device> active, String response) {
        ChallengeRepository.Purpose purpose = caller.isMfaToken() ? ChallengeRepository.Purpose.LOGIN
                : ChallengeRepository.Purpose.STEP_UP;
        return verifier.limited(caller.subject(), now -> {
            AuthenticationData data;
            try {
                data = relyingParty.parseAuthentication(response);
            } catch (RelyingParty.Refused e) {
                return refused(caller, e);
            }
            byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
            Device device = active.stream()
                    .filter(candidate -> candidate.isPasskey() && Arrays.equals(candidate.credentialId, data.getCredentialId()))
                    .findFirst().orElse(null);
            return challenges.consume(challenge, caller.subject(), caller.orgId(), purpose, null, caller.flow(), now)
                    .chain(consumed -> {
                        if (!consumed) {
                            return refused(caller, new RelyingParty.Refused("unknown, used or expired challenge"));
                        }
                        if (device == null) {
                            return refused(caller, new RelyingParty.Refused("not a passkey of this person"));
                        }
                        try {
                            device.signCount = relyingParty.verifyAuthentication(data, challenge, device);
                            device.lastUsedAt = now;
                            return Uni.createFrom().item(new CodeVerifier.Outcome.Accepted(device));
                        } catch (RelyingParty.CounterWentBack e) {
                            LOG.warnf("Passkey %s of user %s: signature counter %d after %d, a cloned authenticator?"
                                    + " Assertion refused", device.id, caller.subject(), e.presented(), e.stored());
                            return outbox.append(MfaPasskeyCloneSuspected.NAME, caller.subject(), caller.orgId().toString(),
                                            new MfaPasskeyCloneSuspected(caller.subject(), caller.orgId(), device.id,
                                                    device.name, e.stored(), e.presented(),
                                                    purpose.name().toLowerCase(Locale.ROOT)))
                                    .replaceWith(INVALID);
                        } catch (RelyingParty.Refused e) {
                            return refused(caller, e);
                        }
                    });
        });
    }

    /** The response's JSON as sent; {@code 400 validation_failed} at {@code pointer} when it is not an object or too long. */
    public static String responseJson(com.fasterxml.jackson.databind.JsonNode credential, String pointer) {
        if (credential == null || !credential.isObject()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError(pointer, credential == null ? "required" : "invalid_type", null)));
        }
        String json = credential.toString();
        if (json.length() > MAX_RESPONSE_LENGTH) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError(pointer, "size", null)));
        }
        return json;
    }

    private static Uni<CodeVerifier.Outcome> refused(Caller caller, RelyingParty.Refused reason) {
        LOG.infof("Passkey response of user %s refused: %s", caller.subject(), reason.getMessage());
        return Uni.createFrom().item(INVALID);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
