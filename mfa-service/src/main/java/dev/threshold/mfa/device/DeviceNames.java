package dev.threshold.mfa.device;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import java.util.List;

/** Device names: trimmed, 1-64 characters, no control characters. */
final class DeviceNames {

    static final int MAX = 64;

    private DeviceNames() {
    }

    static String clean(String raw) {
        String name = raw == null ? "" : raw.strip();
        String rule = null;
        if (name.isEmpty()) {
            rule = "required";
        } else if (name.codePointCount(0, name.length()) > MAX) {
            rule = "size";
        } else if (name.codePoints().anyMatch(Character::isISOControl)) {
            rule = "pattern";
        }
        if (rule != null) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("/name", rule, null)));
        }
        return name;
    }
}
