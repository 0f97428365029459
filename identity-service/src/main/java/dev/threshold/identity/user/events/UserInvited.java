package dev.threshold.identity.user.events;

import java.util.UUID;

/** {@code threshold.user.invited.v1} */
public record UserInvited(UUID userId, UUID orgId, String email) {

    public static final String NAME = "user.invited";
}
