package dev.threshold.invitation.invitation.events;

import java.util.UUID;

/** {@code threshold.invitation.revoked.v1}: an admin withdrew the invitation; its link is dead. */
public record InvitationRevoked(UUID invitationId, UUID orgId, String email) {

    public static final String NAME = "invitation.revoked";
}
