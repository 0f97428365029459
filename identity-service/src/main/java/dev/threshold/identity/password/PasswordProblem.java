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

    private final int status;
    private final String code;
    private final String title;

    PasswordProblem(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
