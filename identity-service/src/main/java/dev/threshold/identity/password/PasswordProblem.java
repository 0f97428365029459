package dev.threshold.identity.password;

import dev.threshold.common.problem.ProblemCode;

/**
 * Problems of password handling. The {@code detail} of each is looked up by its code in the
 * service bundle {@code i18n/problems} (see ProblemMessages); the per-rule {@code errors[]}
 * details of {@link #POLICY} come from {@link PasswordPolicyChecker}, already localized.
 */
public enum PasswordProblem implements ProblemCode {
    /** The hashing pool is full: answered with {@code Retry-After: 1} (see {@link HashingPool}). */
    HASHING_BUSY(503, "service_busy", "Service busy"),
    /** One {@code errors[]} entry per unmet rule of the organization's password policy. */
    POLICY(400, "password_policy", "Password policy not met");

    private final Definition definition;

    PasswordProblem(int status, String code, String title) {
        definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
