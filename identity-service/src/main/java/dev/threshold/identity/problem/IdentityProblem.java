package dev.threshold.identity.problem;

import dev.threshold.common.problem.ProblemCode;

/** Problems specific to identity-service; listed in docs/problems.md. */
public enum IdentityProblem implements ProblemCode {
    ORG_NAME_TAKEN(409, "org_name_taken", "Organization name taken"),
    ORG_NOT_FOUND(404, "org_not_found", "Organization not found"),
    OPERATOR_TOKEN_REQUIRED(401, "operator_token_required", "Operator token required"),
    SSO_REQUIRES_IDENTITY_PROVIDER(409, "sso_requires_identity_provider", "SSO-only needs an identity provider"),
    USER_NOT_FOUND(404, "user_not_found", "User not found"),
    INVALID_CREDENTIALS(401, "invalid_credentials", "Invalid credentials"),
    TOO_MANY_ATTEMPTS(429, "too_many_attempts", "Too many attempts"),
    SSO_REQUIRED(403, "sso_required", "Single sign-on required"),
    SESSION_EXPIRED(401, "session_expired", "Session expired"),
    SESSION_REVOKED(401, "session_revoked", "Session revoked"),
    REFRESH_TOKEN_MISSING(401, "refresh_token_missing", "Refresh token missing"),
    CSRF_HEADER_MISSING(403, "csrf_header_missing", "X-Requested-With header missing"),
    INVITATION_NOT_FOUND(404, "invitation_not_found", "Invitation not found"),
    INVITATION_EXPIRED(410, "invitation_expired", "Invitation expired"),
    INVITATION_REVOKED(410, "invitation_revoked", "Invitation revoked"),
    INVITATION_USED(410, "invitation_used", "Invitation already used"),
    INVITATION_SERVICE_UNAVAILABLE(503, "invitation_service_unavailable", "Invitations unavailable"),
    MFA_UNAVAILABLE(503, "mfa_unavailable", "MFA unavailable"),
    CURRENT_PASSWORD_INCORRECT(400, "current_password_incorrect", "Current password incorrect"),
    PASSWORD_NOT_SET(409, "password_not_set", "No password to change"),
    UNSUPPORTED_LOCALE(400, "unsupported_locale", "Unsupported locale"),
    API_CLIENT_NOT_FOUND(404, "api_client_not_found", "API client not found"),
    MFA_FLOW_INVALID(401, "mfa_flow_invalid", "MFA login expired or already used"),
    MFA_PROOF_INVALID(401, "mfa_proof_invalid", "MFA proof invalid"),
    IDENTITY_PROVIDER_NOT_FOUND(404, "identity_provider_not_found", "Identity provider not found"),
    IDENTITY_PROVIDER_LIMIT(409, "identity_provider_limit", "Too many identity providers"),
    IDP_ISSUER_INVALID(400, "idp_issuer_invalid", "Issuer URL not usable"),
    IDP_DISCOVERY_FAILED(422, "idp_discovery_failed", "Identity provider unreachable"),
    IDP_DISCOVERY_INVALID(422, "idp_discovery_invalid", "Identity provider discovery document invalid"),
    IDP_ADDRESS_NOT_ALLOWED(400, "idp_address_not_allowed", "Identity provider address not allowed"),
    IDP_ALLOWED_DOMAINS_REQUIRED(400, "idp_allowed_domains_required", "trustEmail needs allowedDomains"),
    HUMAN_ADMIN_REQUIRED(403, "human_admin_required", "A person's admin session required"),
    RETURN_TO_NOT_ALLOWED(400, "return_to_not_allowed", "returnTo not allowed"),
    SSO_FLOW_INVALID(400, "sso_flow_invalid", "Single sign-on flow invalid"),
    IDP_METADATA_INVALID(422, "idp_metadata_invalid", "SAML metadata unusable"),
    IDP_METADATA_UNREACHABLE(422, "idp_metadata_unreachable", "SAML metadata unreachable"),
    IDP_CERTIFICATE_INVALID(400, "idp_certificate_invalid", "Identity provider certificate invalid"),
    IDP_FIELD_NOT_APPLICABLE(400, "idp_field_not_applicable", "Field does not apply to this provider type"),
    PASSWORD_RESET_NOT_FOUND(404, "password_reset_not_found", "Password reset link not found"),
    PASSWORD_RESET_EXPIRED(410, "password_reset_expired", "Password reset link expired"),
    PASSWORD_RESET_USED(410, "password_reset_used", "Password reset link already used"),
    PASSWORD_RESET_REPLACED(410, "password_reset_replaced", "Password reset link replaced by a newer one"),
    ORG_APP_NOT_FOUND(404, "org_app_not_found", "App not found"),
    ORG_APP_LIMIT(409, "org_app_limit", "Too many apps");

    private final Definition definition;

    IdentityProblem(int status, String code, String title) {
        definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
