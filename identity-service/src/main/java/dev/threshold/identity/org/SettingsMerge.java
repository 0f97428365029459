package dev.threshold.identity.org;

import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.problem.CommonProblem;
import dev.threshold.identity.org.api.UpdateOrganizationRequest.PasswordPolicyPatch;
import dev.threshold.identity.org.api.UpdateOrganizationRequest.SettingsPatch;
import java.util.List;

/** Applies a partial settings document to the current settings (JSON merge-patch semantics). */
final class SettingsMerge {

    private SettingsMerge() {
    }

    static OrgSettings apply(OrgSettings current, SettingsPatch patch) {
        OrgSettings.PasswordPolicy policy = apply(current.passwordPolicy(), patch.passwordPolicy());
        if (policy.minLength() > policy.maxLength()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, List.of(new Problem.FieldError(
                    "/settings/passwordPolicy/minLength", "range", "minLength must not exceed maxLength")));
        }
        return new OrgSettings(
                or(patch.mfaRequired(), current.mfaRequired()),
                or(patch.mfaRememberDays(), current.mfaRememberDays()),
                or(patch.ssoOnly(), current.ssoOnly()),
                or(patch.defaultLocale(), current.defaultLocale()),
                policy,
                or(patch.invitationTtlDays(), current.invitationTtlDays()),
                or(patch.sessionIdleDays(), current.sessionIdleDays()));
    }

    private static OrgSettings.PasswordPolicy apply(OrgSettings.PasswordPolicy current, PasswordPolicyPatch patch) {
        if (patch == null) {
            return current;
        }
        return new OrgSettings.PasswordPolicy(
                or(patch.minLength(), current.minLength()),
                or(patch.maxLength(), current.maxLength()),
                or(patch.requireUppercase(), current.requireUppercase()),
                or(patch.requireLowercase(), current.requireLowercase()),
                or(patch.requireDigit(), current.requireDigit()),
                or(patch.requireSymbol(), current.requireSymbol()),
                or(patch.rejectCommonPasswords(), current.rejectCommonPasswords()),
                or(patch.historySize(), current.historySize()),
                or(patch.maxFailedAttempts(), current.maxFailedAttempts()),
                or(patch.lockoutMinutes(), current.lockoutMinutes()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
