package dev.threshold.mfa.housekeeping;

import dev.threshold.mfa.config.MfaConfig;
import dev.threshold.mfa.device.DeviceRepository;
import dev.threshold.mfa.totp.Totp;
import dev.threshold.mfa.verification.VerificationRepository;
import dev.threshold.mfa.webauthn.ChallengeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Purges what no check needs any more: expired pending enrollments, used time steps older than
 * the verification window, wrong-code records older than the rate-limit window, and expired
 * WebAuthn challenges.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    /** Used steps are kept a while past the ±1 window, so a late replay is still refused. */
    private static final Duration USED_STEP_RETENTION = Duration.ofMinutes(10);

    private final DeviceRepository devices;
    private final ChallengeRepository challenges;
    private final VerificationRepository verification;
    private final MfaConfig config;
    private final Clock clock;

    public Housekeeping(DeviceRepository devices, ChallengeRepository challenges, VerificationRepository verification,
            MfaConfig config, Clock clock) {
        this.verification = verification;
        this.challenges = challenges;
        this.devices = devices;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${threshold.mfa.housekeeping.interval:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return purge().onFailure().invoke(e -> LOG.warnf("Housekeeping failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Void> purge() {
        Instant now = clock.instant();
        long oldestStep = Totp.step(now.minus(USED_STEP_RETENTION));
        return Panache.withTransaction(() -> devices.deleteExpiredPending(now)
                .chain(expired -> verification.purge(now.minus(config.attempts().window()), oldestStep))
                .chain(() -> challenges.deleteExpired(now))
                .replaceWithVoid());
    }
}
