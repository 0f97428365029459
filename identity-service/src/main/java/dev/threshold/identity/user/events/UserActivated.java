package dev.threshold.identity.user.events;

import java.util.List;
import java.util.UUID;

/** {@code threshold.user.activated.v1}: a person accepted the invitation (password or SSO). */
public record UserActivated(UUID userId, UUID orgId, String email, List<String> roles, UUID invitationId,
        String authMethod) {

    public static final String NAME = "user.activated";
}
