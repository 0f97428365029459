package dev.threshold.identity.user.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code threshold.user.locked.v1}: too many wrong passwords. {@code scope} {@code client}: locked
 * for one client address; {@code account}: locked for every address.
 */
public record UserLocked(UUID userId, UUID orgId, String scope, Instant until) {

    public static final String NAME = "user.locked";
}
