package dev.threshold.identity.org.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code PATCH /api/v2/orgs/me}: any subset of the settings; absent fields keep their value. */
public record UpdateOrganizationRequest(@NotNull @Valid SettingsPatch settings) {

    public record SettingsPatch(
            Boolean mfaRequired,
            @Min(0) @Max(90) Integer mfaRememberDays,
            Boolean ssoOnly,
            @Pattern(regexp = "en|de|fr|es|it|nl|ja|pt-BR", message = "{threshold.locale.unsupported}") String defaultLocale,
            @Valid PasswordPolicyPatch passwordPolicy,
            @Min(1) @Max(30) Integer invitationTtlDays,
            @Min(1) @Max(90) Integer sessionIdleDays) {
    }

    public record PasswordPolicyPatch(
            @Min(8) @Max(400) Integer minLength,
            @Min(8) @Max(400) Integer maxLength,
            Boolean requireUppercase,
            Boolean requireLowercase,
            Boolean requireDigit,
            Boolean requireSymbol,
            Boolean rejectCommonPasswords,
            @Min(0) @Max(24) Integer historySize,
            @Min(1) @Max(100) Integer maxFailedAttempts,
            @Min(1) @Max(1440) Integer lockoutMinutes) {
    }
}
