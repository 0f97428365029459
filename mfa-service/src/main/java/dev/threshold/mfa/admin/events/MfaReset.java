package dev.threshold.mfa.admin.events;

import java.util.UUID;

/** {@code mfa.reset}: an admin ({@code resetBy}, a subject) removed all MFA of a user. */
public record MfaReset(String userId, UUID orgId, String resetBy) {

    public static final String NAME = "mfa.reset";
}
