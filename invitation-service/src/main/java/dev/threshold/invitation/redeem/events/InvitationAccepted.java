package dev.threshold.invitation.redeem.events;

import java.util.UUID;

/** {@code threshold.invitation.accepted.v1}: the token was redeemed (once). */
public record InvitationAccepted(UUID invitationId, UUID orgId, String email) {

    public static final String NAME = "invitation.accepted";
}
