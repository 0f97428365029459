package dev.threshold.identity.reset.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code threshold.user.password_reset_requested.v1}: a person asked for a forgotten-password
 * email; consumed only by invitation-service, which owns the emails (queue
 * {@code invitation.password-reset-events}), to send the link. The link's token travels
 * <em>sealed</em> ({@code sealedToken}, AES-256-GCM under a key derived from the region's internal
 * secret for the purpose {@value #SEAL_PURPOSE}, the user id as associated data:
 * {@code dev.threshold.common.internal.InternalSeal}): the broker, its dead-letter queue and any
 * other consumer see ciphertext only. identity-service keeps only the token's hash.
 *
 * @param locale the person's language, else the org's default
 */
public record PasswordResetRequested(UUID userId, UUID orgId, String orgName, String email, String name, String locale,
        String region, Instant expiresAt, String sealedToken) {

    public static final String NAME = "user.password_reset_requested";
    public static final String SEAL_PURPOSE = "password-reset-mail";

    @Override
    public String toString() {
        return "PasswordResetRequested[userId=" + userId + ", orgId=" + orgId + ", expiresAt=" + expiresAt + "]";
    }
}
