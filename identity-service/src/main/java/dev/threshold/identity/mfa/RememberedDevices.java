package dev.threshold.identity.mfa;

import dev.threshold.identity.session.SecretTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * "Remember this device": after MFA, a random secret in a cookie lets password logins from that
 * browser skip the MFA step for the org's {@code mfaRememberDays}. Only its hash is stored; an MFA
 * reset, a password change or the person ends it.
 */
@ApplicationScoped
public class RememberedDevices {

    private final RememberedDeviceRepository devices;
    private final Clock clock;

    public RememberedDevices(RememberedDeviceRepository devices, Clock clock) {
        this.devices = devices;
        this.clock = clock;
    }

    /** Within the caller's session. */
    public Uni<Boolean> isRemembered(UUID userId, String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Uni.createFrom().item(false);
        }
        return devices.isRemembered(userId, SecretTokens.hash(secret), clock.instant());
    }

    /** Within the caller's transaction; answers the cookie's secret. */
    public Uni<String> remember(UUID userId, int days) {
        Instant now = clock.instant();
        String secret = SecretTokens.newSecret();
        RememberedDevice device = new RememberedDevice();
        device.id = UUID.randomUUID();
        device.userId = userId;
        device.secretHash = SecretTokens.hash(secret);
        device.createdAt = now;
        device.expiresAt = now.plus(Duration.ofDays(days));
        return devices.persist(device).replaceWith(secret);
    }

    /** Within the caller's transaction. */
    public Uni<Long> forgetAll(UUID userId) {
        return devices.forgetAll(userId);
    }
}
