package dev.threshold.mfa.device;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.crypto.SecretCipher;
import dev.threshold.mfa.device.api.DeviceResponse;
import dev.threshold.mfa.device.api.EnrollmentResponse;
import dev.threshold.mfa.device.api.ValidateResponse;
import dev.threshold.mfa.events.MfaDeviceRemoved;
import dev.threshold.mfa.events.MfaEnrolled;
import dev.threshold.mfa.org.OrgDirectory;
import dev.threshold.mfa.problem.MfaProblem;
import dev.threshold.mfa.proof.ProofSigner;
import dev.threshold.mfa.recovery.RecoveryCodeRepository;
import dev.threshold.mfa.recovery.RecoveryCodes;
import dev.threshold.mfa.security.Caller;
import dev.threshold.mfa.totp.Base32;
import dev.threshold.mfa.totp.OtpAuthUri;
import dev.threshold.mfa.totp.QrCodes;
import dev.threshold.mfa.verification.CodeVerifier;
import dev.threshold.mfa.verification.Outcomes;
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
 * A user's TOTP devices: enrollment (pending until a first code validates it), My Account's
 * list, rename and delete. Every change that others care about writes its event to the outbox in
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

    private final DeviceRepository devices;
    private final RecoveryCodeRepository recoveryCodeRows;
    private final RecoveryCodes recoveryCodes;
    private final CodeVerifier verifier;
    private final SecretCipher cipher;
    private final QrCodes qrCodes;
    private final ProofSigner proofs;
    private final OrgDirectory orgs;
    private final Outbox outbox;
    private final MfaConfig config;
    private final Clock clock;

    public DeviceService(DeviceRepository devices, RecoveryCodeRepository recoveryCodeRows, RecoveryCodes recoveryCodes,
            CodeVerifier verifier, SecretCipher cipher, QrCodes qrCodes, ProofSigner proofs, OrgDirectory orgs,
            Outbox outbox, MfaConfig config, Clock clock) {
        this.devices = devices;
        this.recoveryCodeRows = recoveryCodeRows;
        this.recoveryCodes = recoveryCodes;
        this.verifier = verifier;
        this.cipher = cipher;
        this.qrCodes = qrCodes;
        this.proofs = proofs;
        this.orgs = orgs;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- enrollment

    public Uni<EnrollmentResponse> enroll(Caller caller, String rawName) {
        String name = DeviceNames.clean(rawName);
        Instant now = now();
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String base32 = Base32.encode(secret);
        Device device = new Device();
        device.id = UUID.randomUUID();
        device.userId = caller.subject();
        device.orgId = caller.orgId();
        device.name = name;
        device.nameKey = Device.nameKey(name);
        device.account = caller.account();
        device.status = Device.Status.PENDING;
        device.createdAt = now;
        device.expiresAt = now.plus(config.enrollment().ttl());
        SecretCipher.Sealed sealed = cipher.encrypt(secret, Device.associatedData(device.id, device.userId));
        Arrays.fill(secret, (byte) 0);
        device.secretKid = sealed.kid();
        device.secretNonce = sealed.nonce();
        device.secretCiphertext = sealed.ciphertext();
        String uri = OtpAuthUri.of(config.issuer(), device.account, base32);
        return Panache.withTransaction(() -> notEnrolledYetIfLogin(caller)
                        .chain(() -> requireFreeName(caller, device.nameKey, device.id))
                        .chain(() -> devices.deleteStalePending(caller.subject(), caller.orgId(), device.nameKey, now))
                        .chain(() -> devices.trimPending(caller.subject(), caller.orgId(), MAX_PENDING - 1))
                        .chain(() -> devices.persist(device)))
                .invoke(() -> LOG.infof("Enrollment %s started by user %s of org %s", device.id, caller.subject(),
                        caller.orgId()))
                .chain(() -> qrCodes.dataUri(uri))
                .map(qr -> new EnrollmentResponse(device.id, device.name, base32, uri, qr));
    }

    /** The QR code of a pending enrollment, for its owner only. */
    public Uni<byte[]> qrPng(Caller caller, UUID id) {
        return Panache.withTransaction(() -> pending(caller, id))
                .map(device -> {
                    byte[] secret = cipher.decrypt(device.sealedSecret(), Device.associatedData(device.id, device.userId));
                    try {
                        return OtpAuthUri.of(config.issuer(), device.account, Base32.encode(secret));
                    } finally {
                        Arrays.fill(secret, (byte) 0);
                    }
                })
                .chain(qrCodes::png);
    }

    public Uni<ValidateResponse> validate(Caller caller, UUID id, String code) {
        return Panache.withTransaction(() -> pending(caller, id)
                        .call(() -> notEnrolledYetIfLogin(caller))
                        .chain(device -> verifier.totp(caller.subject(), List.of(device), code)
                                .chain(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                                        ? activate(caller, device).map(response -> new Validation(outcome, response))
                                        : Uni.createFrom().item(new Validation(outcome, null)))))
                .map(validation -> {
                    Outcomes.requireAccepted(validation.outcome());
                    LOG.infof("Device %s of user %s validated", id, caller.subject());
                    return validation.response();
                });
    }

    private record Validation(CodeVerifier.Outcome outcome, ValidateResponse response) {
    }

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
                    return recoveryCodes.issue(caller.subject(), caller.orgId())
                            .call(() -> outbox.append(MfaEnrolled.NAME, caller.subject(), caller.orgId().toString(),
                                    new MfaEnrolled(caller.subject(), caller.orgId(), device.id, device.name, before + 1)))
                            .map(codes -> new ValidateResponse(toResponse(device), codes,
                                    caller.isMfaToken() ? proofs.sign(caller.subject(), caller.orgId(), caller.flow(), false)
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
     * Deletes a device. The last device of a user in an org that requires MFA goes only with a
     * fresh code from it ({@code X-MFA-Code}): a stolen session alone cannot switch MFA off.
     */
    public Uni<Void> delete(Caller caller, UUID id, String code) {
        return Panache.withTransaction(() -> active(caller, id)
                        .chain(device -> devices.active(caller.subject(), caller.orgId())
                                .chain(all -> all.size() > 1 ? Uni.createFrom().item(false) : orgs.mfaRequired(caller.orgId()))
                                .chain(codeNeeded -> {
                                    if (!codeNeeded) {
                                        return remove(caller, device).replaceWith((CodeVerifier.Outcome) null);
                                    }
                                    if (code == null || code.isBlank()) {
                                        throw new ProblemException(MfaProblem.MFA_CODE_REQUIRED);
                                    }
                                    return verifier.totp(caller.subject(), List.of(device), code.strip())
                                            .call(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                                                    ? remove(caller, device) : Uni.createFrom().voidItem());
                                })))
                .invoke(outcome -> {
                    if (outcome != null) {
                        Outcomes.requireAccepted(outcome);
                    }
                    LOG.infof("Device %s of user %s deleted", id, caller.subject());
                })
                .replaceWithVoid();
    }

    private Uni<Void> remove(Caller caller, Device device) {
        return devices.delete("id", device.id)
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
                        new MfaDeviceRemoved(caller.subject(), caller.orgId(), device.id, left.size())))
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
        return new DeviceResponse(device.id, device.name, device.validatedAt, device.lastUsedAt, device.isDefault);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
