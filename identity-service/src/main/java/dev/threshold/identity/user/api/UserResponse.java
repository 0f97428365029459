package dev.threshold.identity.user.api;

import dev.threshold.identity.user.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record UserResponse(UUID id, UUID orgId, String email, String name, String state, List<String> roles,
        String locale, Instant createdAt, Instant updatedAt) {

    public static UserResponse of(User user) {
        return new UserResponse(user.id, user.orgId, user.email, user.name, user.state.name(), user.roleList(),
                user.locale, user.createdAt, user.updatedAt);
    }
}
