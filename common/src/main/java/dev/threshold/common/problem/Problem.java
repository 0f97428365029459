package dev.threshold.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** RFC 9457 problem details, as every Threshold error is answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:threshold:problem:";

    public static Problem of(ProblemCode problem, String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + problem.code(), problem.title(), problem.status(), detail, problem.code(),
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }

    /**
     * One failed field. {@code pointer} is an RFC 6901 JSON pointer into the request body
     * ({@code /invitations/3/email}); {@code code} is a stable rule name.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String pointer, String code, String detail) {
    }
}
