package dev.threshold.mfa.account.events;

import java.util.UUID;

/**
 * {@code mfa.device_removed}: a user deleted one of their devices; {@code devices} = validated
 * devices left; {@code deviceName} so the person's notice can say which one.
 */
public record MfaDeviceRemoved(String userId, UUID orgId, UUID deviceId, String deviceName, long devices) {

    public static final String NAME = "mfa.device_removed";
}
