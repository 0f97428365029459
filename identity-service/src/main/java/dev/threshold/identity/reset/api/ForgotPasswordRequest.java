package dev.threshold.identity.reset.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v2/auth/password/forgot}: the email to send a reset link to, if it has an account. */
public record ForgotPasswordRequest(@NotBlank @Size(max = 320) String email) {

    @Override
    public String toString() {
        return "ForgotPasswordRequest[email=***]";
    }
}
