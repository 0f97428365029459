package dev.threshold.invitation.delivery.events;

import java.time.Instant;
import java.util.UUID;

/**
 * identity-service's {@code user.password_reset_requested} (docs/events.md): a person asked for a
 * forgotten-password email. {@code sealedToken} is the link's token sealed for the mailer
 * ({@code dev.threshold.common.internal.InternalSeal}, purpose {@value #SEAL_PURPOSE}, the user id as
 * associated data): it is opened only when the email is rendered, never stored or logged in the clear.
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
