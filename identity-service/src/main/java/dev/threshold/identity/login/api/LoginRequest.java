package dev.threshold.identity.login.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * @param orgId  the org to log in to, when the email is in several orgs of the region
 * @param cookie false: return the refresh token in the body instead of a cookie (native and API clients)
 */
public record LoginRequest(@NotBlank @Size(max = 320) String email, @NotNull @Size(min = 1, max = 4096) String password,
        UUID orgId, Boolean cookie) {

    public boolean cookieMode() {
        return cookie == null || cookie;
    }
}
