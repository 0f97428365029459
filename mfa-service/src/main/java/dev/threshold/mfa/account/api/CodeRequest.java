package dev.threshold.mfa.account.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A 6-digit TOTP code as the authenticator app shows it (digits only). */
public record CodeRequest(@NotNull @Pattern(regexp = CodeRequest.CODE) String code) {

    public static final String CODE = "[0-9]{6}";
}
