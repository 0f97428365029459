package dev.threshold.common.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses query parameters into 400 {@code validation_failed} problems. JAX-RS would answer a
 * failed {@code @QueryParam} conversion with 404, which tells the caller the wrong thing. Each
 * bad parameter is an {@code errors[]} entry whose pointer names it ({@code /pageSize}); a
 * {@link Reader} reports every bad parameter of a request at once. An absent or blank parameter
 * takes its default.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static int intParam(String name, String value, int fallback, int min, int max) {
        Reader reader = new Reader();
        int parsed = reader.intParam(name, value, fallback, min, max);
        reader.check();
        return parsed;
    }

    public static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        Reader reader = new Reader();
        E parsed = reader.enumParam(name, value, type);
        reader.check();
        return parsed;
    }

    /** Reads several parameters, then {@link #check()} reports every bad one in one problem. */
    public static final class Reader {

        private final List<Problem.FieldError> errors = new ArrayList<>();

        /** A whole number from {@code min} to {@code max}; {@code fallback} when absent (or bad: then reported). */
        public int intParam(String name, String value, int fallback, int min, int max) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            errors.add(new Problem.FieldError("/" + name, "range", name + " must be a whole number from " + min + " to " + max));
            return fallback;
        }

        /** One of the enum's constants, in any case; null when absent (or bad: then reported). */
        public <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
                errors.add(new Problem.FieldError("/" + name, "enum", name + " must be one of " + String.join(", ", allowed)));
                return null;
            }
        }

        /** Throws {@code validation_failed} with every bad parameter read, if any. */
        public void check() {
            if (!errors.isEmpty()) {
                throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, List.copyOf(errors));
            }
        }
    }
}
