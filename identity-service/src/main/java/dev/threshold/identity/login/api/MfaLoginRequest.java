package dev.threshold.identity.login.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The second step of a login that needed MFA: the login's mfaToken and mfa-service's proof. */
public record MfaLoginRequest(@NotBlank @Size(max = 4096) String mfaToken, @NotBlank @Size(max = 4096) String mfaProof,
        Boolean rememberDevice) {
}
