package dev.threshold.common.problem;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses query parameters into 400 {@code validation_failed} problems. JAX-RS would answer a
 * failed {@code @QueryParam} conversion with 404, which tells the caller the wrong thing.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static int intParam(String name, String value, int fallback, int min, int max) {
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
        throw invalid(name, "range", name + " must be a whole number from " + min + " to " + max);
    }

    public static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw invalid(name, "enum", name + " must be one of " + String.join(", ", allowed));
        }
    }

    private static ProblemException invalid(String name, String rule, String detail) {
        return ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                List.of(new Problem.FieldError("/" + name, rule, detail)));
    }
}
