package dev.threshold.mfa.problem;

import dev.threshold.common.problem.ProblemCode;

/** Problems specific to mfa-service; listed in docs/problems.md. */
public enum MfaProblem implements ProblemCode {
    INVALID_CODE(400, "invalid_code", "Invalid code"),
    INVALID_CREDENTIAL(400, "invalid_credential", "Invalid passkey response"),
    PASSKEY_NOT_ENROLLED(409, "passkey_not_enrolled", "No passkey enrolled"),
    TOO_MANY_ATTEMPTS(429, "too_many_attempts", "Too many attempts"),
    ENROLLMENT_NOT_FOUND(404, "enrollment_not_found", "Enrollment not found"),
    ENROLLMENT_EXPIRED(410, "enrollment_expired", "Enrollment expired"),
    DEVICE_NOT_FOUND(404, "device_not_found", "Device not found"),
    DEVICE_NAME_TAKEN(409, "device_name_taken", "Device name taken"),
    MFA_NOT_ENROLLED(409, "mfa_not_enrolled", "MFA not enrolled"),
    MFA_ALREADY_ENROLLED(409, "mfa_already_enrolled", "MFA already enrolled"),
    STEP_UP_REQUIRED(403, "step_up_required", "Step-up required"),
    USER_NOT_FOUND(404, "user_not_found", "User not found");

    private final Definition definition;

    MfaProblem(int status, String code, String title) {
        definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
