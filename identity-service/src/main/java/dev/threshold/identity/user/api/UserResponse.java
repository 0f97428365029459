package dev.threshold.identity.user.api;

import dev.threshold.identity.user.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param mfaEnrolled whether the person has a validated MFA device (identity-service's read model of
 *        mfa-service's events, so it may lag a moment behind): what an admin can reset
 */
public record UserResponse(UUID id, UUID orgId, String email, String name, String state, List<String> roles,
        String locale, Instant createdAt, Instant updatedAt, boolean mfaEnrolled) {

    public static UserResponse of(User user) {
        return new UserResponse(user.id, user.orgId, user.email, user.name, user.state.name(), user.roleList(),
                user.locale, user.createdAt, user.updatedAt, user.mfaEnrolled);
    }
}
