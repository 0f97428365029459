package dev.threshold.identity.session.events;

import java.util.UUID;

/** {@code threshold.session.revoked.v1}: reason {@code refresh_token_reuse} means a stolen token was likely replayed. */
public record SessionRevoked(UUID sessionId, UUID userId, UUID orgId, String reason) {

    public static final String NAME = "session.revoked";
}
