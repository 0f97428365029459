package dev.threshold.identity.problem;

import dev.threshold.common.problem.ProblemCode;

/** Problems specific to identity-service; listed in docs/problems.md. */
public enum IdentityProblem implements ProblemCode {
    ORG_NAME_TAKEN(409, "org_name_taken", "Organization name taken"),
    ORG_NOT_FOUND(404, "org_not_found", "Organization not found"),
    OPERATOR_TOKEN_REQUIRED(401, "operator_token_required", "Operator token required"),
    SSO_REQUIRES_IDENTITY_PROVIDER(409, "sso_requires_identity_provider", "SSO-only needs an identity provider"),
    USER_NOT_FOUND(404, "user_not_found", "User not found");

    private final int status;
    private final String code;
    private final String title;

    IdentityProblem(int status, String code, String title) {
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
