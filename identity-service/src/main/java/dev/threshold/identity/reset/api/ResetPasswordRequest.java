package dev.threshold.identity.reset.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v2/auth/password/reset}: the emailed link's token and the new password.
 *
 * @param cookie false: the refresh token comes in the body instead of a cookie
 */
public record ResetPasswordRequest(@NotBlank @Size(max = 100) String token,
        @NotNull @Size(min = 1, max = 4096) String password, Boolean cookie) {

    public boolean cookieMode() {
        return cookie == null || cookie;
    }

    @Override
    public String toString() {
        return "ResetPasswordRequest[token=***, password=***]";
    }
}
