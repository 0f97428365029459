package dev.threshold.common.problem;

import java.util.UUID;

/** Path ids that are not even well-formed name nothing: 404, the same as an unknown id. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(CommonProblem.NOT_FOUND);
        }
    }
}
