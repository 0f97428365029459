package dev.threshold.identity.user.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code threshold.user.locked.v1}: too many wrong passwords for this account from one client
 * address; {@code scope} is {@code client} (the account stays open from every other address, there
 * is no account-wide lock). {@code until}: when that address may try again.
 */
public record UserLocked(UUID userId, UUID orgId, String scope, Instant until) {

    public static final String NAME = "user.locked";

    /** Locked for one client address. */
    public static final String SCOPE_CLIENT = "client";
}
