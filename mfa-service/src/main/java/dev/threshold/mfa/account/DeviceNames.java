package dev.threshold.mfa.account;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.device.Device;
import java.util.List;

/** Device names: trimmed, 1-64 characters, no control characters; and the type of a new device. */
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

    /** {@code totp} (also when absent) or {@code webauthn}; anything else is {@code 400 validation_failed} at {@code /type}. */
    static Device.Type type(String raw) {
        if (raw == null || raw.equals("totp")) {
            return Device.Type.TOTP;
        }
        if (raw.equals("webauthn")) {
            return Device.Type.WEBAUTHN;
        }
        throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                List.of(new Problem.FieldError("/type", "pattern", null)));
    }
}
