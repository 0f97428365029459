package dev.threshold.mfa.verification;

import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.crypto.SecretCipher;
import dev.threshold.mfa.device.Device;
import dev.threshold.mfa.recovery.RecoveryCodes;
import dev.threshold.mfa.totp.Totp;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Checks second factors of one user, inside the caller's transaction and under a per-user lock:
 * the wrong-code limit first (N per window, then locked until the oldest wrong code leaves the
 * window), then the code. A TOTP code is good for one step within ±1 of now, and each step once
 * per device; a wrong code is recorded and commits with the transaction, so callers must not
 * roll back on {@link Outcome.Invalid} (they return it and answer the problem after commit).
 */
@ApplicationScoped
public class CodeVerifier {

    private final SecretCipher cipher;
    private final RecoveryCodes recoveryCodes;
    private final VerificationRepository rows;
    private final MfaConfig config;
    private final Clock clock;

    public CodeVerifier(SecretCipher cipher, RecoveryCodes recoveryCodes, VerificationRepository rows, MfaConfig config,
            Clock clock) {
        this.cipher = cipher;
        this.recoveryCodes = recoveryCodes;
        this.rows = rows;
        this.config = config;
        this.clock = clock;
    }

    public sealed interface Outcome {
        /** The code was good; {@code device} is the one it came from (null for a recovery code). */
        record Accepted(Device device) implements Outcome {
        }

        record Invalid() implements Outcome {
        }

        record Locked(long retryAfterSeconds) implements Outcome {
        }
    }

    /** A 6-digit code from one of {@code devices} (all of the user; passkeys among them are skipped). */
    public Uni<Outcome> totp(String userId, List<Device> devices, String code) {
        return guarded(userId, now -> {
            List<Candidate> candidates = new ArrayList<>();
            for (Device device : devices) {
                if (!device.isTotp()) {
                    continue;
                }
                byte[] secret = cipher.decrypt(device.sealedSecret(), Device.associatedData(device.id, device.userId));
                try {
                    for (long step : Totp.matchingSteps(secret, code, now)) {
                        candidates.add(new Candidate(device, step));
                    }
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            return firstUnused(candidates, 0, now);
        });
    }

    /** One of the user's unused recovery codes. */
    public Uni<Outcome> recoveryCode(String userId, UUID orgId, String code) {
        return guarded(userId, now -> recoveryCodes.redeem(userId, orgId, code)
                .map(used -> used ? new Outcome.Accepted(null) : new Outcome.Invalid()));
    }

    /**
     * A code just entered must not be reused: marks its step on the device, or tells that it was
     * used already (replay).
     */
    private Uni<Outcome> firstUnused(List<Candidate> candidates, int index, Instant now) {
        if (index >= candidates.size()) {
            return Uni.createFrom().item(new Outcome.Invalid());
        }
        Candidate candidate = candidates.get(index);
        return rows.markStepUsed(candidate.device().id, candidate.step(), now)
                .chain(first -> first
                        ? Uni.createFrom().item(new Outcome.Accepted(candidate.device()))
                        : firstUnused(candidates, index + 1, now));
    }

    /**
     * Any other check of a second factor (a passkey) under the same lock and limit: {@code check}
     * runs only while the user is not locked, and its {@link Outcome.Invalid} is recorded.
     */
    public Uni<Outcome> limited(String userId, java.util.function.Function<Instant, Uni<Outcome>> check) {
        return guarded(userId, check);
    }

    private Uni<Outcome> guarded(String userId, java.util.function.Function<Instant, Uni<Outcome>> check) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return rows.lockUser(userId)
                .chain(() -> rows.failuresSince(userId, now.minus(config.attempts().window())))
                .chain(failures -> {
                    if (failures.size() >= config.attempts().max()) {
                        Instant free = failures.get(failures.size() - config.attempts().max()).plus(config.attempts().window());
                        long seconds = Math.max(1, (Duration.between(now, free).toMillis() + 999) / 1000);
                        return Uni.createFrom().item(new Outcome.Locked(seconds));
                    }
                    return check.apply(now).call(outcome -> outcome instanceof Outcome.Invalid
                            ? rows.recordFailure(userId, now) : Uni.createFrom().voidItem());
                });
    }

    private record Candidate(Device device, long step) {
    }
}
