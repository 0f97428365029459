package dev.threshold.invitation.delivery.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** identity-service's {@code org.identity_provider_changed} (docs/events.md), as far as the notification needs it. */
public record IdentityProviderChanged(UUID orgId, String orgName, UUID idpId, String change, UUID actorUserId,
        String actorEmail, String actorName, String displayName, String type, String issuer, List<String> fields,
        Instant time, List<Recipient> recipients) {

    public static final String NAME = "org.identity_provider_changed";

    public record Recipient(UUID userId, String email, String name, String locale) {
    }
}
