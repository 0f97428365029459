package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * Data of mfa-service's {@code mfa.enrolled}, {@code mfa.device_removed}, {@code mfa.reset} and
 * {@code mfa.recovery_codes_regenerated} (docs/events.md), as far as identity-service needs it:
 * {@code devices} (validated devices now) and {@code deviceName} only come with some of them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MfaEvent(UUID userId, UUID orgId, Integer devices, String deviceName) {
}
