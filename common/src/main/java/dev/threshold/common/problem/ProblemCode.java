package dev.threshold.common.problem;

/**
 * A stable, machine-readable error of the public API. Each service has one enum of these; the
 * {@link #code()} is snake_case, appears in {@code docs/problems.md} and doubles as the i18n key
 * of the human {@code detail}.
 */
public interface ProblemCode {

    int status();

    String code();

    /** Short English summary, the same for every occurrence (RFC 9457 {@code title}). */
    String title();
}
