package dev.threshold.identity.password.api;

import dev.threshold.common.problem.Problem;
import dev.threshold.identity.password.PasswordPolicyChecker;
import java.util.List;

/**
 * @param errors the unmet rules, as the {@code errors[]} of {@code 400 password_policy} would name
 *        them when setting this password (minus {@code reused}, which needs the stored history);
 *        empty: the password would be accepted
 * @param score zxcvbn's estimate, 0 (guessed at once) to 4 (more than 10^10 guesses); for a meter
 * @param minScore the score below which {@code too_guessable} is named (0: not judged)
 * @param passwordPolicy the rules checked (the org's password policy, without its lockout settings),
 *        so My Account can list them as the invitation page does from the invitation lookup
 */
public record PasswordCheckResponse(List<Problem.FieldError> errors, int score, int minScore, Rules passwordPolicy) {

    public record Rules(int minLength, int maxLength, boolean requireUppercase, boolean requireLowercase,
            boolean requireDigit, boolean requireSymbol, boolean rejectCommonPasswords, int historySize) {
    }

    public static PasswordCheckResponse of(PasswordPolicyChecker.Verdict verdict) {
        var p = verdict.policy();
        return new PasswordCheckResponse(verdict.errors(), verdict.score(), verdict.minScore(),
                new Rules(p.minLength(), p.maxLength(), p.requireUppercase(), p.requireLowercase(), p.requireDigit(),
                        p.requireSymbol(), p.rejectCommonPasswords(), p.historySize()));
    }
}
