package dev.threshold.mfa.account.events;

import java.util.UUID;

/** {@code mfa.device_removed}: a user deleted one of their devices; {@code devices} = validated devices left. */
public record MfaDeviceRemoved(String userId, UUID orgId, UUID deviceId, long devices) {

    public static final String NAME = "mfa.device_removed";
}
