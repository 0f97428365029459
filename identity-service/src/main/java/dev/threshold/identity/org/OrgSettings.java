package dev.threshold.identity.org;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An organization's settings. Defaults match the reference platform's, plus a common-password
 * check; {@link #defaults(String)} is what a new organization gets.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrgSettings(boolean mfaRequired, int mfaRememberDays, boolean ssoOnly, String defaultLocale,
        PasswordPolicy passwordPolicy, int invitationTtlDays, int sessionIdleDays) {

    public static OrgSettings defaults(String locale) {
        return new OrgSettings(false, 0, false, locale, PasswordPolicy.defaults(), 7, 20);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PasswordPolicy(int minLength, int maxLength, boolean requireUppercase, boolean requireLowercase,
            boolean requireDigit, boolean requireSymbol, boolean rejectCommonPasswords, int historySize,
            int maxFailedAttempts, int lockoutMinutes) {

        public static PasswordPolicy defaults() {
            return new PasswordPolicy(8, 400, true, true, true, true, true, 10, 6, 5);
        }
    }
}
