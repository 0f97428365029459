package dev.threshold.invitation.expiry.events;

import java.util.UUID;

/** {@code threshold.invitation.expired.v1}: still PENDING when its time ran out. */
public record InvitationExpired(UUID invitationId, UUID orgId, String email) {

    public static final String NAME = "invitation.expired";
}
