package dev.threshold.identity.user;

/** Where a person stands in their organization. */
public enum UserState {
    /** Invited, has not set a password or signed in yet. */
    INVITED,
    ACTIVE,
    /** The invitation ran out before it was accepted. */
    INVITATION_EXPIRED,
    /** An admin revoked the invitation. */
    INVITATION_REVOKED
}
