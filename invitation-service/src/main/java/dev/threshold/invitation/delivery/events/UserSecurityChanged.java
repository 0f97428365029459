package dev.threshold.invitation.delivery.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * identity-service's {@code user.security_changed} (docs/events.md): the authentication details of a
 * person changed and the person is to be told (ASVS 2.2.3). {@code change} is one of
 * {@code password_changed}, {@code password_reset}, {@code mfa_device_added},
 * {@code mfa_device_removed}, {@code mfa_reset}, {@code recovery_codes_regenerated}; {@code deviceName}
 * comes with {@code mfa_device_added} only. No secret is ever in it. Fields a later version adds are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserSecurityChanged(UUID userId, UUID orgId, String orgName, String change, String deviceName,
        Instant time, Recipient recipient) {

    public static final String NAME = "user.security_changed";

    /** The person: where and in which language. */
    @JsonIgnoreProperties(ignoreUnknown = true)
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
