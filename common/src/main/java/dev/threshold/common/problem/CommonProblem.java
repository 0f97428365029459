package dev.threshold.common.problem;

/** Problems every service can answer, whatever its domain. */
public enum CommonProblem implements ProblemCode {
    NOT_FOUND(404, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    MALFORMED_JSON(400, "malformed_json", "Malformed JSON"),
    VALIDATION_FAILED(400, "validation_failed", "Validation failed"),
    BAD_REQUEST(400, "bad_request", "Bad request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    INTERNAL_TOKEN_REQUIRED(401, "internal_token_required", "Internal token required"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    TOKEN_NOT_ACCEPTED(403, "token_not_accepted", "Token not accepted here"),
    ORG_CLAIM_MISSING(403, "org_claim_missing", "Organization claim missing"),
    REGION_MISMATCH(421, "region_mismatch", "Region mismatch"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    CONCURRENT_UPDATE(409, "concurrent_update", "Changed concurrently"),
    SERVICE_UNAVAILABLE(503, "service_unavailable", "Service unavailable"),
    DATABASE_UNAVAILABLE(503, "database_unavailable", "Database unavailable"),
    IDENTITY_UNAVAILABLE(503, "identity_unavailable", "Identity service unavailable"),
    OVERLOADED(503, "overloaded", "Overloaded"),
    INTERNAL_ERROR(500, "internal_error", "Internal error");

    private final Definition definition;

    CommonProblem(int status, String code, String title) {
        definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
