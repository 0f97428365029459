package dev.threshold.invitation.invitation;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Query and path parameters read by hand: JAX-RS would answer a failed conversion with 404. Bad
 * values are 400 {@code validation_failed}, with {@code errors[].pointer} naming the parameter
 * ({@code /pageSize}); every bad parameter is reported at once.
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int MAX_PAGE_NUMBER = 100_000;

    private Paging() {
    }

    public record Query(InvitationStatus status, int pageSize, int pageNumber) {
    }

    public static Query parse(String status, String pageSize, String pageNumber) {
        List<Problem.FieldError> errors = new ArrayList<>();
        InvitationStatus parsedStatus = null;
        if (status != null && !status.isBlank()) {
            try {
                parsedStatus = InvitationStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("/status", "enum", "status must be one of "
                        + String.join(", ", Arrays.stream(InvitationStatus.values()).map(Enum::name).toList())));
            }
        }
        int size = number("pageSize", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
        int number = number("pageNumber", pageNumber, 1, 1, MAX_PAGE_NUMBER, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED, errors);
        }
        return new Query(parsedStatus, size, number);
    }

    /** A path id that is not even a UUID names nothing: 404, like an unknown one. */
    public static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(dev.threshold.invitation.problem.InvitationProblem.INVITATION_NOT_FOUND);
        }
    }

    private static int number(String name, String value, int fallback, int min, int max, List<Problem.FieldError> errors) {
        if (value == null) {
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
}
