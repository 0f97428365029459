package dev.threshold.common.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown (or failed with, in a {@code Uni}) by services to answer a problem. Never carries a
 * secret: its arguments end up in the localized {@code detail}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode problem;
    private final Object[] detailArgs;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemCode problem, Object... detailArgs) {
        this(problem, List.of(), Map.of(), detailArgs);
    }

    public ProblemException(ProblemCode problem, List<Problem.FieldError> errors, Map<String, String> headers,
            Object... detailArgs) {
        super(problem.code(), null, false, false);
        this.problem = problem;
        this.detailArgs = detailArgs;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException withErrors(ProblemCode problem, List<Problem.FieldError> errors) {
        return new ProblemException(problem, errors, Map.of());
    }

    public static ProblemException withHeader(ProblemCode problem, String header, String value, Object... args) {
        return new ProblemException(problem, List.of(), Map.of(header, value), args);
    }

    public ProblemCode problem() {
        return problem;
    }

    public Object[] detailArgs() {
        return detailArgs;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
