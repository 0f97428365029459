package dev.threshold.common.problem;

/**
 * A stable, machine-readable error of the public API. Each service has one enum of these; the
 * {@link #code()} is snake_case, appears in {@code docs/problems.md} and doubles as the i18n key
 * of the human {@code detail}.
 */
public interface ProblemCode {

    /** What the enum constant declares: {@code NOT_FOUND(404, "not_found", "Not found")}. */
    Definition definition();

    default int status() {
        return definition().status();
    }

    default String code() {
        return definition().code();
    }

    /** Short English summary, the same for every occurrence (RFC 9457 {@code title}). */
    default String title() {
        return definition().title();
    }

    record Definition(int status, String code, String title) {
    }
}
