package dev.threshold.identity.password;

import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemMessages;
import dev.threshold.identity.org.OrgSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.MessageFormat;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Checks a new password against an organization's {@link OrgSettings.PasswordPolicy}: one
 * {@link Problem.FieldError} per unmet rule, in a fixed order, so a page can show a checklist.
 * Rule codes: {@code min_length}, {@code max_length}, {@code uppercase}, {@code lowercase},
 * {@code digit}, {@code symbol}, {@code common_password} (history, {@code reused}, is checked by
 * the caller with {@link PasswordHasher#matchesAny}).
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
 * <li>common password: the whole password, case-insensitively, in an offline list of about 30,000
 * common passwords ({@link CommonPasswords}); never a network call.</li>
 * </ul>
 *
 * <p>Details are localized (en, de, fr, es; English otherwise) from the bundle
 * {@code password/messages}, with the rule's parameter (e.g. the minimum length).
 */
@ApplicationScoped
public class PasswordPolicyChecker {

    static final String BUNDLE = "password/messages";
    private static final ResourceBundle.Control NO_FALLBACK_TO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /** Details in English. */
    public List<Problem.FieldError> check(OrgSettings.PasswordPolicy policy, String password, String pointer) {
        return check(policy, password, pointer, List.of(Locale.ENGLISH));
    }

    /** Details in the first of {@code languages} that is translated (e.g. {@code HttpHeaders#getAcceptableLanguages()}). */
    public List<Problem.FieldError> check(OrgSettings.PasswordPolicy policy, String password, String pointer,
            List<Locale> languages) {
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
        if (policy.rejectCommonPasswords() && CommonPasswords.contains(normalized)) {
            errors.add(error(pointer, "common_password", locale));
        }
        return List.copyOf(errors);
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
