package dev.threshold.invitation.invitation.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code threshold.invitation.created.v1}: identity-service records the invited user. No token. */
public record InvitationCreated(UUID invitationId, UUID orgId, String email, String name, List<String> roles,
        String locale, Instant expiresAt) {

    public static final String NAME = "invitation.created";
}
