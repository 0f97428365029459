package dev.threshold.invitation.invitation.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record InvitationResponse(UUID id, String email, String name, List<String> roles, String locale,
        String status, Instant expiresAt, Instant createdAt, String invitedBy, Instant acceptedAt,
        Instant revokedAt, DeliveryResponse delivery) {
}
