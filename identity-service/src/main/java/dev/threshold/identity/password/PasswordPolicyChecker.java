package dev.threshold.identity.password;

import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemMessages;
import dev.threshold.identity.org.OrgSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.MessageFormat;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a new password against an organization's {@link OrgSettings.PasswordPolicy}: one
 * {@link Problem.FieldError} per unmet rule, in a fixed order, so a page can show a checklist.
 * Rule codes: {@code min_length}, {@code max_length}, {@code uppercase}, {@code lowercase},
 * {@code digit}, {@code symbol}, {@code common_password}, {@code personal_info},
 * {@code too_guessable} (history, {@code reused}, is checked by the caller with
 * {@link PasswordHasher#matchesAny}). One checker serves accepting an invitation, changing a
 * password and the live check of {@code POST /api/v2/auth/password/check}.
 *
 * <p>Counting rules, on the NFKC-normalized password (what is hashed):
 * <ul>
 * <li>length in Unicode code points (an emoji is one character, not two UTF-16 chars);</li>
 * <li>uppercase: {@link Character#isUpperCase(int)} or title case; lowercase:
 * {@link Character#isLowerCase(int)}; so "Ä" and "ß" count, and caseless scripts (CJK) count as
 * neither;</li>
 * <li>digit: {@link Character#isDigit(int)} (any script's decimal digits);</li>
 * <li>symbol: any code point that is neither a letter nor a digit, whitespace included, as in
 * the reference platform: spaces make passphrases, which should be encouraged, not refused;</li>
 * <li>common password: the password or an obvious variant of it (any case, leetspeak, digits,
 * symbols and years added at either end) in an offline list of about 115,000 common and
 * breached passwords ({@link CommonPasswords}); never a network call;</li>
 * <li>personal info: the password contains the person's email, its local part, their name or the
 * org's name, or a word of 4+ letters of them, in any case or leetspeak ({@link PersonalInputs});</li>
 * <li>too guessable: zxcvbn's score ({@link Guessability}), given those same words, is below
 * {@code threshold.password.strength.min-score} (default 3, at least 10^10 guesses; 0 turns
 * it off). Named only when neither of the two rules before it is, so one weakness is one entry.</li>
 * </ul>
 * The last three belong to the policy's {@code rejectCommonPasswords} and are judged only once
 * the length rules are met (a checklist shows "too short" first, not "too guessable").
 *
 * <p>Details are localized (en, de, fr, es, it, nl, ja, pt-BR; English otherwise) from the bundle
 * {@code password/messages}, with the rule's parameter (e.g. the minimum length).
 */
@ApplicationScoped
public class PasswordPolicyChecker {

    static final String BUNDLE = "password/messages";
    private static final ResourceBundle.Control NO_FALLBACK_TO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /** The default of {@code threshold.password.strength.min-score}. */
    public static final int DEFAULT_MIN_SCORE = 3;

    private final int minScore;

    /** With the default minimum score (tests and tools). */
    public PasswordPolicyChecker() {
        this(DEFAULT_MIN_SCORE);
    }

    @Inject
    public PasswordPolicyChecker(@ConfigProperty(name = "threshold.password.strength.min-score",
            defaultValue = "" + DEFAULT_MIN_SCORE) int minScore) {
        if (minScore < 0 || minScore > 4) {
            throw new IllegalArgumentException("threshold.password.strength.min-score must be 0-4: " + minScore);
        }
        this.minScore = minScore;
    }

    /**
     * The unmet rules of a password, zxcvbn's score (0-4) of it (0 for an empty password) and the
     * minimum score the policy asks for (0 when the policy does not reject common passwords), and
     * the policy it was checked against.
     * Never logs or keeps the password.
     */
    public record Verdict(List<Problem.FieldError> errors, int score, int minScore, OrgSettings.PasswordPolicy policy) {
    }

    /** Details in English. */
    public List<Problem.FieldError> check(OrgSettings.PasswordPolicy policy, String password, String pointer) {
        return check(policy, password, pointer, List.of(Locale.ENGLISH));
    }

    /** Details in the first of {@code languages} that is translated (e.g. {@code HttpHeaders#getAcceptableLanguages()}). */
    public List<Problem.FieldError> check(OrgSettings.PasswordPolicy policy, String password, String pointer,
            List<Locale> languages) {
        return check(policy, password, pointer, languages, PersonalInputs.NONE);
    }

    /** With the person's email and name and the org's name, which the password must not be built from. */
    public List<Problem.FieldError> check(OrgSettings.PasswordPolicy policy, String password, String pointer,
            List<Locale> languages, PersonalInputs inputs) {
        return evaluate(policy, password, pointer, languages, inputs, false).errors();
    }

    /** {@link #check} and zxcvbn's score, for the live checklist. Costs a few ms: call it off the event loop. */
    public Verdict evaluate(OrgSettings.PasswordPolicy policy, String password, String pointer,
            List<Locale> languages, PersonalInputs inputs) {
        return evaluate(policy, password, pointer, languages, inputs, true);
    }

    private Verdict evaluate(OrgSettings.PasswordPolicy policy, String password, String pointer,
            List<Locale> languages, PersonalInputs inputs, boolean alwaysScore) {
        String normalized = password == null ? "" : Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalized.codePointCount(0, normalized.length());
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            upper |= Character.isUpperCase(cp) || Character.isTitleCase(cp);
            lower |= Character.isLowerCase(cp);
            digit |= Character.isDigit(cp);
            symbol |= !Character.isLetterOrDigit(cp);
        }
        Locale locale = ProblemMessages.pick(languages);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (length < policy.minLength()) {
            errors.add(error(pointer, "min_length", locale, policy.minLength()));
        }
        if (policy.maxLength() > 0 && length > policy.maxLength()) {
            errors.add(error(pointer, "max_length", locale, policy.maxLength()));
        }
        if (policy.requireUppercase() && !upper) {
            errors.add(error(pointer, "uppercase", locale));
        }
        if (policy.requireLowercase() && !lower) {
            errors.add(error(pointer, "lowercase", locale));
        }
        if (policy.requireDigit() && !digit) {
            errors.add(error(pointer, "digit", locale));
        }
        if (policy.requireSymbol() && !symbol) {
            errors.add(error(pointer, "symbol", locale));
        }
        boolean lengthMet = length >= policy.minLength() && (policy.maxLength() <= 0 || length <= policy.maxLength());
        boolean judge = policy.rejectCommonPasswords() && lengthMet && length > 0;
        List<String> words = inputs == null ? List.of() : inputs.words();
        int score = -1;
        if (judge) {
            boolean common = CommonPasswords.containsVariantOf(normalized);
            boolean personal = !common && inputs != null && inputs.foundIn(normalized.toLowerCase(Locale.ROOT));
            if (common) {
                errors.add(error(pointer, "common_password", locale));
            } else if (personal) {
                errors.add(error(pointer, "personal_info", locale));
            } else if (minScore > 0) {
                score = Guessability.score(normalized, words);
                if (score < minScore) {
                    errors.add(error(pointer, "too_guessable", locale));
                }
            }
        }
        if (score < 0) {
            score = alwaysScore && length > 0 ? Guessability.score(normalized, words) : 0;
        }
        return new Verdict(List.copyOf(errors), score, policy.rejectCommonPasswords() ? minScore : 0, policy);
    }

    /** The configured minimum zxcvbn score (0: the estimator is off). */
    public int minScore() {
        return minScore;
    }

    /** The history rule, which needs stored hashes and so is checked by the caller. */
    public Problem.FieldError reused(String pointer, int historySize, List<Locale> languages) {
        return error(pointer, "reused", ProblemMessages.pick(languages), historySize);
    }

    private static Problem.FieldError error(String pointer, String code, Locale locale, Object... args) {
        return new Problem.FieldError(pointer, code, detail("field." + code, locale, args));
    }

    static String detail(String key, Locale locale, Object... args) {
        String pattern;
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, PasswordPolicyChecker.class.getClassLoader(),
                    NO_FALLBACK_TO_DEFAULT_LOCALE);
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        // Always through MessageFormat, so the bundle has one quoting rule ('' for an apostrophe).
        return new MessageFormat(pattern, locale).format(args);
    }
}
