package dev.threshold.mfa.support;

import java.util.List;
import java.util.UUID;

/** A made-up user of an org; mfa-service knows users only from their tokens. */
public record User(String id, UUID orgId, String email, List<String> roles) {

    public static User in(UUID orgId) {
        String id = UUID.randomUUID().toString();
        return new User(id, orgId, "user-" + id.substring(0, 8) + "@" + orgId.toString().substring(0, 8) + ".test",
                List.of("user"));
    }

    public static User adminOf(UUID orgId) {
        User user = in(orgId);
        return new User(user.id(), orgId, user.email(), List.of("admin"));
    }

    public String accessToken() {
        return Tokens.access(this);
    }

    public String enrollToken(UUID flow) {
        return Tokens.mfa(this, "enroll", flow);
    }

    public String challengeToken(UUID flow) {
        return Tokens.mfa(this, "challenge", flow);
    }
}
