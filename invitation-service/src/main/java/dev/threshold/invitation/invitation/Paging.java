package dev.threshold.invitation.invitation;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.problem.QueryParams;
import java.util.UUID;

/**
 * Query and path parameters read by hand: JAX-RS would answer a failed conversion with 404. Bad
 * values are 400 {@code validation_failed}, with {@code errors[].pointer} naming the parameter
 * ({@code /pageSize}); every bad parameter is reported at once (common's {@link QueryParams}).
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
        QueryParams.Reader params = new QueryParams.Reader();
        InvitationStatus parsedStatus = params.enumParam("status", status, InvitationStatus.class);
        int size = params.intParam("pageSize", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int number = params.intParam("pageNumber", pageNumber, 1, 1, MAX_PAGE_NUMBER);
        params.check();
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
}
