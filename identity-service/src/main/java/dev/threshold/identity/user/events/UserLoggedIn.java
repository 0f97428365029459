package dev.threshold.identity.user.events;

import java.util.List;
import java.util.UUID;

/** {@code threshold.user.logged_in.v1}: a session started. */
public record UserLoggedIn(UUID userId, UUID orgId, UUID sessionId, String authMethod, List<String> amr) {

    public static final String NAME = "user.logged_in";
}
