package dev.threshold.identity.reset.events;

import java.util.UUID;

/**
 * {@code threshold.user.password_reset.v1} (audit): a person set a new password with an emailed
 * link; {@code sessionsEnded} of their sessions were ended with it.
 */
public record UserPasswordReset(UUID userId, UUID orgId, UUID resetId, int sessionsEnded) {

    public static final String NAME = "user.password_reset";
}
