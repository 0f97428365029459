package dev.threshold.identity.accept.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * @param locale the language the person picked on the page (else the invitation's)
 * @param cookie false: the refresh token comes in the body instead of a cookie
 */
public record AcceptInvitationRequest(@NotBlank @Size(max = 100) String token,
        @NotNull @Size(min = 1, max = 4096) String password, @Size(max = 10) String locale, Boolean cookie) {

    public boolean cookieMode() {
        return cookie == null || cookie;
    }
}
