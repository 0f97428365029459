package dev.threshold.identity.password.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A password to check against the policy, without setting it.
 *
 * @param password at most 4096 characters, as everywhere a password is accepted
 * @param invitationToken the invitation's token (public check, from the invitation landing page);
 *        ignored on {@code /api/v2/users/me/password/check}, where the access token says who it is
 * @param resetToken the token of an emailed reset link (public check, from the reset page), instead
 *        of {@code invitationToken}
 */
public record PasswordCheckRequest(@NotNull @Size(max = 4096) String password, @Size(max = 100) String invitationToken,
        @Size(max = 100) String resetToken) {

    @Override
    public String toString() {
        return "PasswordCheckRequest[password=***, invitationToken=***, resetToken=***]";
    }
}
