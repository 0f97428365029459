package dev.threshold.invitation.invitation;

/** PENDING until accepted (redeemed), revoked by an admin, or past its expiry. */
public enum InvitationStatus {
    PENDING, ACCEPTED, EXPIRED, REVOKED
}
