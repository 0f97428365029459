package dev.threshold.mfa.account.events;

import java.util.UUID;

/** {@code mfa.enrolled}: a device was validated; {@code devices} = the user's validated devices now. */
public record MfaEnrolled(String userId, UUID orgId, UUID deviceId, String deviceName, long devices) {

    public static final String NAME = "mfa.enrolled";
}
