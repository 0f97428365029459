package dev.threshold.identity.mfa.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** Data of mfa-service's {@code mfa.enrolled}, {@code mfa.device_removed} and {@code mfa.reset} (docs/tokens.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MfaEvent(UUID userId, UUID orgId, Integer devices) {
}
