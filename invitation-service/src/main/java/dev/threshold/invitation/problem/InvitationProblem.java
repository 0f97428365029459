package dev.threshold.invitation.problem;

import dev.threshold.common.problem.ProblemCode;

/** Problems specific to invitation-service; listed in docs/problems.md. */
public enum InvitationProblem implements ProblemCode {
    INVITATION_NOT_FOUND(404, "invitation_not_found", "Invitation not found"),
    INVITATION_EXPIRED(410, "invitation_expired", "Invitation expired"),
    INVITATION_REVOKED(410, "invitation_revoked", "Invitation revoked"),
    INVITATION_USED(410, "invitation_used", "Invitation already used"),
    INVITATION_EXISTS(409, "invitation_exists", "Invitation exists"),
    USER_EXISTS(409, "user_exists", "User exists"),
    DUPLICATE_IN_REQUEST(409, "duplicate_in_request", "Duplicate in request"),
    INVITATION_NOT_PENDING(409, "invitation_not_pending", "Invitation not pending"),
    BULK_TOO_LARGE(400, "bulk_too_large", "Bulk too large"),
    IDEMPOTENCY_KEY_INVALID(400, "idempotency_key_invalid", "Idempotency key invalid"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency_key_reused", "Idempotency key reused"),
    ORG_NOT_READY(503, "org_not_ready", "Organization not known yet");

    private final Definition definition;

    InvitationProblem(int status, String code, String title) {
        definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
