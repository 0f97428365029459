package dev.threshold.mfa.verification;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.mfa.problem.MfaProblem;

/** Turns a verification that failed into its problem, after the wrong attempt was committed. */
public final class Outcomes {

    private Outcomes() {
    }

    public static void requireAccepted(CodeVerifier.Outcome outcome) {
        require(outcome, MfaProblem.INVALID_CODE);
    }

    /** A passkey response that failed: {@code 400 invalid_credential}, or {@code 429} while locked. */
    public static void requireCredential(CodeVerifier.Outcome outcome) {
        require(outcome, MfaProblem.INVALID_CREDENTIAL);
    }

    /** A step-up (account's {@code StepUp}) that failed: {@code 403 step_up_required}, or {@code 429} while locked. */
    public static void requireStepUp(CodeVerifier.Outcome outcome) {
        require(outcome, MfaProblem.STEP_UP_REQUIRED);
    }

    private static void require(CodeVerifier.Outcome outcome, MfaProblem otherwise) {
        if (outcome instanceof CodeVerifier.Outcome.Locked locked) {
            throw ProblemException.withHeader(MfaProblem.TOO_MANY_ATTEMPTS, "Retry-After",
                    Long.toString(locked.retryAfterSeconds()), locked.retryAfterSeconds());
        }
        if (!(outcome instanceof CodeVerifier.Outcome.Accepted)) {
            throw new ProblemException(otherwise);
        }
    }
}
