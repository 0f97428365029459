package dev.threshold.mfa.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.account.api.CreateEnrollmentRequest;
import dev.threshold.mfa.account.api.DeviceResponse;
import dev.threshold.mfa.account.api.EnrollmentResponse;
import dev.threshold.mfa.account.api.ValidateResponse;
import dev.threshold.mfa.account.events.MfaDeviceRemoved;
import dev.threshold.mfa.account.events.MfaEnrolled;
import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.crypto.SecretCipher;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.mfa.proof.ProofSigner;
import dev.threshold.mfa.recovery.RecoveryCodeRepository;
import dev.threshold.mfa.recovery.RecoveryCodes;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.totp.Base32;
import dev.threshold.mfa.totp.OtpAuthUri;
import dev.threshold.mfa.totp.QrCodes;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.verification.Outcomes;
import dev.threshold.mfa.webauthn.Passkeys;
import dev.threshold.mfa.webauthn.api.PublicKeyOptions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A user's devices, TOTP authenticators and passkeys: enrollment (pending until a first code or
 * the passkey's registration validates it), My Account's list, rename and delete. With an access token, a further device and every deletion need a
 * step-up code ({@link StepUp}). Every change that others care about writes its event to the outbox in
 * the same transaction.
 */
@ApplicationScoped
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);
    /** RFC 4226 recommends 160 bits, as the SHA-1 block it keys. */
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Pending enrollments a user may have at once; starting one more drops the oldest. */
    static final int MAX_PENDING = 5;
    private static final CodeVerifier.Outcome ACCEPTED = new CodeVerifier.Outcome.Accepted(null);

    private final DeviceRepository devices;
    private final RecoveryCodeRepository recoveryCodeRows;
    private final RecoveryCodes recoveryCodes;
    private final CodeVerifier verifier;
    private final SecretCipher cipher;
    private final QrCodes qrCodes;
    private final ProofSigner proofs;
    private final StepUp stepUp;
    private final Outbox outbox;
    private final Passkeys passkeys;
    private final MfaConfig config;
    private final Clock clock;

    public DeviceService(DeviceRepository devices, RecoveryCodeRepository recoveryCodeRows, RecoveryCodes recoveryCodes,
            CodeVerifier verifier, SecretCipher cipher, QrCodes qrCodes, ProofSigner proofs, StepUp stepUp,
            Outbox outbox, Passkeys passkeys, MfaConfig config, Clock clock) {
        this.passkeys = passkeys;
        this.devices = devices;
        this.recoveryCodeRows = recoveryCodeRows;
        this.recoveryCodes = recoveryCodes;
        this.verifier = verifier;
        this.cipher = cipher;
        this.qrCodes = qrCodes;
        this.proofs = proofs;
        this.stepUp = stepUp;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- enrollment

    /**
     * Starts an enrollment of a TOTP device ({@code type} {@code totp} or absent) or a passkey
     * ({@code webauthn}). With an access token, a further device (the user has one already)
     * needs a step-up first ({@code X-MFA-Code}); it is checked before the body is read
     * ({@code body} is subscribed to only then), so a token alone learns nothing from the body's
     * parsing or validation.
     */
    public Uni<EnrollmentResponse> enroll(Caller caller, Uni<CreateEnrollmentRequest> body, String stepUpCode) {
        Instant now = now();
        Device device = new Device();
        device.id = UUID.randomUUID();
        device.userId = caller.subject();
        device.orgId = caller.orgId();
        // the otpauth label: the email, else the user id
        device.account = caller.email() != null && !caller.email().isBlank() ? caller.email() : caller.subject();
        device.status = Device.Status.PENDING;
        device.createdAt = now;
        String[] base32 = new String[1];
        PublicKeyOptions.Creation[] creation = new PublicKeyOptions.Creation[1];
        return Panache.withTransaction(() -> stepUpForFurtherDevice(caller, stepUpCode)
                        .call(outcome -> {
                            if (!(outcome instanceof CodeVerifier.Outcome.Accepted)) {
                                return Uni.createFrom().voidItem();
                            }
                            // the body is read only now, after the step-up; a bad one rolls back like any failure
                            return body.chain(request -> {
                            device.name = DeviceNames.clean(request == null ? null : request.name());
                            device.nameKey = Device.nameKey(device.name);
                            device.type = DeviceNames.type(request == null ? null : request.type());
                            if (device.isTotp()) {
                                device.expiresAt = now.plus(config.enrollment().ttl());
                                base32[0] = seal(device);
                            } else {
                                device.expiresAt = passkeys.registrationExpiry(now);
                            }
                            return requireFreeName(caller, device.nameKey, device.id)
                                    .chain(() -> devices.deleteStalePending(caller.subject(), caller.orgId(), device.nameKey, now))
                                    .chain(() -> devices.trimPending(caller.subject(), caller.orgId(), MAX_PENDING - 1))
                                    .chain(() -> devices.persist(device))
                                    .chain(() -> device.isPasskey()
                                            ? passkeys.startRegistration(caller, device).invoke(options -> creation[0] = options)
                                                    .replaceWithVoid()
                                            : Uni.createFrom().voidItem());
                            });
                        }))
                .invoke(outcome -> {
                    Outcomes.requireStepUp(outcome);
                    LOG.infof("Enrollment %s (%s) started by user %s of org %s", device.id, device.type.apiName(),
                            caller.subject(), caller.orgId());
                })
                .chain(() -> {
                    if (device.isPasskey()) {
                        return Uni.createFrom().item(EnrollmentResponse.passkey(device.id, device.name, creation[0]));
                    }
                    String uri = OtpAuthUri.of(config.issuer(), device.account, base32[0]);
                    return qrCodes.dataUri(uri).map(qr -> EnrollmentResponse.totp(device.id, device.name, base32[0], uri, qr));
                });
    }

    /** A fresh TOTP secret for {@code device}, sealed into it; returns it in base32, for the response only. */
    private String seal(Device device) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        try {
            SecretCipher.Sealed sealed = cipher.encrypt(secret, Device.associatedData(device.id, device.userId));
            device.secretKid = sealed.kid();
            device.secretNonce = sealed.nonce();
            device.secretCiphertext = sealed.ciphertext();
            return Base32.encode(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Accepted when no step-up is due: an mfaToken of a user without a device (login enrollment;
     * with a device it is {@code 409 mfa_already_enrolled}), or an access token of a user without
     * a device. Otherwise the step-up code decides.
     */
    private Uni<CodeVerifier.Outcome> stepUpForFurtherDevice(Caller caller, String stepUpCode) {
        if (caller.isMfaToken()) {
            return notEnrolledYetIfLogin(caller).replaceWith(ACCEPTED);
        }
        return devices.countActive(caller.subject(), caller.orgId())
                .chain(count -> count == 0 ? Uni.createFrom().item(ACCEPTED) : stepUp.check(caller, stepUpCode));
    }

    /** The QR code of a pending TOTP enrollment, for its owner only (a passkey has none: 404). */
    public Uni<byte[]> qrPng(Caller caller, UUID id) {
        return Panache.withTransaction(() -> pending(caller, id))
                .map(device -> {
                    if (!device.isTotp()) {
                        throw new ProblemException(MfaProblem.ENROLLMENT_NOT_FOUND);
                    }
                    byte[] secret = cipher.decrypt(device.sealedSecret(), Device.associatedData(device.id, device.userId));
                    try {
                        return OtpAuthUri.of(config.issuer(), device.account, Base32.encode(secret));
                    } finally {
                        Arrays.fill(secret, (byte) 0);
                    }
                })
                .chain(qrCodes::png);
    }

    /**
     * Confirms a pending enrollment: a TOTP device with a current {@code code}, a passkey with its
     * registration response ({@code credential}, RegistrationResponseJSON). Which one is required
     * follows the enrollment's type ({@code 400 validation_failed} for the missing one).
     */
    public Uni<ValidateResponse> validate(Caller caller, UUID id, String code, JsonNode credential) {
        return Panache.withTransaction(() -> pending(caller, id)
                        .call(() -> notEnrolledYetIfLogin(caller))
                        .chain(device -> check(caller, device, code, credential)
                                .chain(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                                        ? activate(caller, device).map(response -> new Validation(outcome, response))
                                        : Uni.createFrom().item(new Validation(outcome, null)))
                                .map(validation -> new TypedValidation(device.type, validation))))
                .map(typed -> {
                    if (typed.type() == Device.Type.WEBAUTHN) {
                        Outcomes.requireCredential(typed.validation().outcome());
                    } else {
                        Outcomes.requireAccepted(typed.validation().outcome());
                    }
                    LOG.infof("Device %s (%s) of user %s validated", id, typed.type().apiName(), caller.subject());
                    return typed.validation().response();
                });
    }

    private Uni<CodeVerifier.Outcome> check(Caller caller, Device device, String code, JsonNode credential) {
        if (device.isPasskey()) {
            if (code != null) {
                throw fieldError("/code", "exclusive");
            }
            return passkeys.finishRegistration(caller, device, Passkeys.responseJson(credential, "/credential"));
        }
        if (credential != null) {
            throw fieldError("/credential", "exclusive");
        }
        if (code == null) {
            throw fieldError("/code", "required");
        }
        return verifier.totp(caller.subject(), List.of(device), code);
    }

    private static ProblemException fieldError(String pointer, String rule) {
        return ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, List.of(new Problem.FieldError(pointer, rule, null)));
    }

    private record TypedValidation(Device.Type type, Validation validation) {
    }

    private record Validation(CodeVerifier.Outcome outcome, ValidateResponse response) {
    }

    /**
     * Makes the device ACTIVE. The user's first device also gets the set of recovery codes, and
     * ends the user's other pending enrollments (started without a step-up, they must not become
     * a further device later); a further device never touches the recovery codes.
     */
    private Uni<ValidateResponse> activate(Caller caller, Device device) {
        Instant now = now();
        return requireFreeName(caller, device.nameKey, device.id)
                .chain(() -> devices.countActive(caller.subject(), caller.orgId()))
                .chain(before -> {
                    device.status = Device.Status.ACTIVE;
                    device.isDefault = before == 0;
                    device.expiresAt = null;
                    device.validatedAt = now;
                    device.lastUsedAt = now;
                    Uni<List<String>> codes = before == 0
                            ? devices.deletePendingExcept(caller.subject(), caller.orgId(), device.id)
                                    .chain(() -> recoveryCodes.issue(caller.subject(), caller.orgId()))
                            : Uni.createFrom().nullItem();
                    return codes
                            .call(() -> outbox.append(MfaEnrolled.NAME, caller.subject(), caller.orgId().toString(),
                                    new MfaEnrolled(caller.subject(), caller.orgId(), device.id, device.name, before + 1)))
                            .map(issued -> new ValidateResponse(toResponse(device), issued,
                                    caller.isMfaToken() ? proofs.sign(caller.subject(), caller.orgId(), caller.flow(),
                                            device.isPasskey() ? ProofSigner.PASSKEY : ProofSigner.TOTP)
                                            : null));
                });
    }

    // ---------------------------------------------------------------- internal

    /** How many active devices the user has in the org: the login decision's fact (internal endpoint). */
    public Uni<Long> activeDevices(String userId, UUID orgId) {
        return Panache.withSession(() -> devices.countActive(userId, orgId));
    }

    // ---------------------------------------------------------------- my devices

    public Uni<List<DeviceResponse>> list(Caller caller) {
        return Panache.withSession(() -> devices.active(caller.subject(), caller.orgId()))
                .map(list -> list.stream().map(DeviceService::toResponse).toList());
    }

    public Uni<DeviceResponse> rename(Caller caller, UUID id, String rawName) {
        String name = DeviceNames.clean(rawName);
        return Panache.withTransaction(() -> active(caller, id)
                .call(device -> requireFreeName(caller, Device.nameKey(name), device.id))
                .map(device -> {
                    device.name = name;
                    device.nameKey = Device.nameKey(name);
                    return toResponse(device);
                }));
    }

    /**
     * Deletes a device, any of them, only with a step-up code ({@code X-MFA-Code}): a stolen
     * session alone can neither remove the owner's devices nor switch MFA off. The code is
     * checked before the device is looked up.
     */
    public Uni<Void> delete(Caller caller, UUID id, String stepUpCode) {
        return Panache.withTransaction(() -> stepUp.check(caller, stepUpCode)
                        .call(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                                ? active(caller, id).chain(device -> remove(caller, device))
                                : Uni.createFrom().voidItem()))
                .invoke(outcome -> {
                    Outcomes.requireStepUp(outcome);
                    LOG.infof("Device %s of user %s deleted", id, caller.subject());
                })
                .replaceWithVoid();
    }

    private Uni<Void> remove(Caller caller, Device device) {
        return devices.deleteNow(device.id)
                .chain(() -> devices.active(caller.subject(), caller.orgId()))
                .call(left -> {
                    if (left.isEmpty()) {
                        return recoveryCodeRows.deleteAllOf(caller.subject(), caller.orgId());
                    }
                    if (device.isDefault) {
                        left.get(0).isDefault = true;
                    }
                    return Uni.createFrom().voidItem();
                })
                .call(left -> outbox.append(MfaDeviceRemoved.NAME, caller.subject(), caller.orgId().toString(),
                        new MfaDeviceRemoved(caller.subject(), caller.orgId(), device.id, device.name, left.size())))
                .replaceWithVoid();
    }

    // ---------------------------------------------------------------- helpers

    private Uni<Device> pending(Caller caller, UUID id) {
        return devices.owned(id, caller.subject(), caller.orgId()).map(device -> {
            if (device == null || device.status != Device.Status.PENDING) {
                throw new ProblemException(MfaProblem.ENROLLMENT_NOT_FOUND);
            }
            if (!device.expiresAt.isAfter(clock.instant())) {
                throw new ProblemException(MfaProblem.ENROLLMENT_EXPIRED);
            }
            return device;
        });
    }

    private Uni<Device> active(Caller caller, UUID id) {
        return devices.owned(id, caller.subject(), caller.orgId()).map(device -> {
            if (device == null || device.status != Device.Status.ACTIVE) {
                throw new ProblemException(MfaProblem.DEVICE_NOT_FOUND);
            }
            return device;
        });
    }

    /**
     * During login (an mfaToken) a user may enroll only while they have no device: otherwise a
     * password alone would add a second factor of the attacker's choosing.
     */
    private Uni<Void> notEnrolledYetIfLogin(Caller caller) {
        if (!caller.isMfaToken()) {
            return Uni.createFrom().voidItem();
        }
        return devices.countActive(caller.subject(), caller.orgId()).invoke(count -> {
            if (count > 0) {
                throw new ProblemException(MfaProblem.MFA_ALREADY_ENROLLED);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> requireFreeName(Caller caller, String nameKey, UUID self) {
        return devices.activeNameTaken(caller.subject(), caller.orgId(), nameKey, self).invoke(taken -> {
            if (taken) {
                throw new ProblemException(MfaProblem.DEVICE_NAME_TAKEN);
            }
        }).replaceWithVoid();
    }

    static DeviceResponse toResponse(Device device) {
        return new DeviceResponse(device.id, device.name, device.type.apiName(), device.validatedAt, device.lastUsedAt,
                device.isDefault);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
