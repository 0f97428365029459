package dev.threshold.identity.user.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Data of the {@code invitation.*} events identity-service reacts to (unknown fields ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvitationEvent(UUID invitationId, UUID orgId, String email, String name, List<String> roles,
        String locale, Instant expiresAt) {
}
