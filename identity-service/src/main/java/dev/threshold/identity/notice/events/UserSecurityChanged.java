package dev.threshold.identity.notice.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code threshold.user.security_changed.v1}: the authentication details of a person changed, and
 * the person is told (ASVS 2.2.3), so that someone who took over a session and changed the password
 * or added a device does not go unnoticed by the owner. invitation-service, which sends the region's
 * emails, mails {@code recipient} (queue {@code invitation.security-events}). Never a secret: no
 * password, token or code, only what changed, when, and the device's name.
 *
 * @param change     one of {@link #PASSWORD_CHANGED}, {@link #PASSWORD_RESET}, {@link #MFA_DEVICE_ADDED},
 *                   {@link #MFA_DEVICE_REMOVED}, {@link #MFA_RESET}, {@link #RECOVERY_CODES_REGENERATED}
 * @param deviceName the MFA device's name for {@link #MFA_DEVICE_ADDED} and {@link #MFA_DEVICE_REMOVED}, else null
 * @param time       when the change was recorded here
 * @param recipient  the person: email, name and language (theirs, else the org's default)
 */
public record UserSecurityChanged(UUID userId, UUID orgId, String orgName, String change, String deviceName,
        Instant time, Recipient recipient) {

    public static final String NAME = "user.security_changed";

    /** The person changed it in My Account (current password given). */
    public static final String PASSWORD_CHANGED = "password_changed";
    /** The person set a new one with an emailed forgotten-password link. */
    public static final String PASSWORD_RESET = "password_reset";
    /** mfa-service's {@code mfa.enrolled}: a device was validated. */
    public static final String MFA_DEVICE_ADDED = "mfa_device_added";
    /** mfa-service's {@code mfa.device_removed}: the person deleted a device. */
    public static final String MFA_DEVICE_REMOVED = "mfa_device_removed";
    /** mfa-service's {@code mfa.reset}: an admin removed all MFA of the person. */
    public static final String MFA_RESET = "mfa_reset";
    /** mfa-service's {@code mfa.recovery_codes_regenerated}: a new set, the old one stopped working. */
    public static final String RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated";

    /** Where and in which language the person is told. */
    public record Recipient(String email, String name, String locale) {

        @Override
        public String toString() {
            return "Recipient[locale=" + locale + "]";
        }
    }

    @Override
    public String toString() {
        return "UserSecurityChanged[userId=" + userId + ", orgId=" + orgId + ", change=" + change + ", time=" + time + "]";
    }
}
