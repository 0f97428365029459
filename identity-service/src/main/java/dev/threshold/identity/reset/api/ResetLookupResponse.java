package dev.threshold.identity.reset.api;

import dev.threshold.identity.password.api.PasswordCheckResponse;
import java.time.Instant;

/** {@code GET /api/v2/auth/password/reset?token=}: whose link it is, for the reset page. */
public record ResetLookupResponse(String email, String name, String orgName, String region,
        PasswordCheckResponse.Rules passwordPolicy, Instant expiresAt) {
}
