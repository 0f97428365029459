package dev.threshold.invitation.invitation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threshold.common.problem.Problem;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one bulk row, in request order: 201 with {@code id}, 409 or 400 with
 * {@code code} (and {@code errors} for 400).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkResult(int index, String email, int status, UUID id, String code, List<Problem.FieldError> errors) {
}
