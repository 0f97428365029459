package dev.threshold.mfa.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A validated device, {@code type} {@code totp} or {@code webauthn}; {@code createdAt} is when it was validated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceResponse(UUID id, String name, String type, Instant createdAt, Instant lastUsedAt,
        @JsonProperty("default") boolean isDefault) {
}
