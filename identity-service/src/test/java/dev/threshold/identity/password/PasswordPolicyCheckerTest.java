package dev.threshold.identity.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.common.problem.Problem;
import dev.threshold.identity.org.OrgSettings.PasswordPolicy;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyCheckerTest {

    private static final PasswordPolicy DEFAULTS = PasswordPolicy.defaults();
    /** Every rule off, so one rule at a time can be switched on. */
    private static final PasswordPolicy NOTHING = new PasswordPolicy(0, 0, false, false, false, false, false, 10, 6, 5);

    private final PasswordPolicyChecker checker = new PasswordPolicyChecker();

    @Test
    void aStrongPasswordMeetsTheDefaultPolicy() {
        assertThat(checker.check(DEFAULTS, "Glacier-Tram-42", "/password")).isEmpty();
    }

    @Test
    void namesEveryUnmetRuleOnceInAFixedOrder() {
        List<Problem.FieldError> errors = checker.check(DEFAULTS, "", "/password");

        assertThat(errors).extracting(Problem.FieldError::code)
                .containsExactly("min_length", "uppercase", "lowercase", "digit", "symbol");
        assertThat(errors).extracting(Problem.FieldError::pointer).containsOnly("/password");
        assertThat(errors).extracting(Problem.FieldError::detail).doesNotContainNull();
    }

    @Test
    void aNullPasswordIsAnEmptyOne() {
        assertThat(checker.check(DEFAULTS, null, "/newPassword")).extracting(Problem.FieldError::code)
                .containsExactly("min_length", "uppercase", "lowercase", "digit", "symbol");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "min_length | abcdefg  | abcdefgh",
            "uppercase  | abc      | abC",
            "uppercase  | straße   | Straße",
            "uppercase  | ǆemal    | ǅemal",
            "lowercase  | ABC      | ABc",
            "lowercase  | ÄÖÜ      | ÄÖü",
            "digit      | abc      | abc1",
            "digit      | abc      | abc٣",
            "symbol     | abc1     | abc1!",
            "symbol     | abc1     | 'abc 1'",
            "symbol     | Äbc1     | Äbc1€",
    })
    void eachRuleFailsAndPasses(String rule, String failing, String passing) {
        PasswordPolicy policy = only(rule);

        assertThat(checker.check(policy, failing, "/password")).extracting(Problem.FieldError::code).containsExactly(rule);
        assertThat(checker.check(policy, passing, "/password")).isEmpty();
    }

    @Test
    void maxLengthFailsAndPasses() {
        PasswordPolicy policy = new PasswordPolicy(0, 10, false, false, false, false, false, 10, 6, 5);

        assertThat(checker.check(policy, "a".repeat(11), "/password")).extracting(Problem.FieldError::code)
                .containsExactly("max_length");
        assertThat(checker.check(policy, "a".repeat(10), "/password")).isEmpty();
    }

    @Test
    void countsLengthInCodePoints() {
        PasswordPolicy policy = new PasswordPolicy(4, 4, false, false, false, false, false, 10, 6, 5);

        assertThat(checker.check(policy, "🔑🔑🔑🔑", "/password")).as("4 code points, 8 UTF-16 chars").isEmpty();
        assertThat(checker.check(policy, "🔑🔑🔑", "/password")).extracting(Problem.FieldError::code)
                .containsExactly("min_length");
    }

    @Test
    void caselessScriptsCountAsNeitherCase() {
        assertThat(checker.check(DEFAULTS, "山川雪花鳥風月1!", "/password")).extracting(Problem.FieldError::code)
                .containsExactly("uppercase", "lowercase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "Password", "qwerty", "123456", "iloveyou", "letmein", "dragon"})
    void rejectsCommonPasswordsCaseInsensitively(String common) {
        PasswordPolicy policy = new PasswordPolicy(0, 0, false, false, false, false, true, 10, 6, 5);

        assertThat(checker.check(policy, common, "/password")).extracting(Problem.FieldError::code)
                .containsExactly("common_password");
    }

    @Test
    void acceptsUncommonPasswordsAndIgnoresTheListWhenOff() {
        PasswordPolicy on = new PasswordPolicy(0, 0, false, false, false, false, true, 10, 6, 5);

        assertThat(checker.check(on, "Glacier-Tram-42", "/password")).isEmpty();
        assertThat(checker.check(NOTHING, "password", "/password")).isEmpty();
    }

    @Test
    void theCommonPasswordListIsLoadedOffline() {
        assertThat(CommonPasswords.size()).isGreaterThan(10_000);
        assertThat(CommonPasswords.contains("PassWord")).isTrue();
        assertThat(CommonPasswords.contains("Glacier-Tram-42")).isFalse();
    }

    @Test
    void aCommonPasswordIsNamedWithTheOtherUnmetRules() {
        assertThat(checker.check(DEFAULTS, "password", "/password")).extracting(Problem.FieldError::code)
                .containsExactly("uppercase", "digit", "symbol", "common_password");
    }

    @Test
    void detailsCarryTheParameterInEnglishByDefault() {
        List<Problem.FieldError> errors = checker.check(DEFAULTS, "Ab1!", "/password");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("min_length");
            assertThat(e.detail()).isEqualTo("Use at least 8 characters.");
        });
        PasswordPolicy max = new PasswordPolicy(0, 12, false, false, false, false, false, 10, 6, 5);
        assertThat(checker.check(max, "a".repeat(13), "/password").get(0).detail()).isEqualTo("Use at most 12 characters.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "de    | Verwenden Sie mindestens 8 Zeichen.",
            "de-CH | Verwenden Sie mindestens 8 Zeichen.",
            "fr    | Utilisez au moins 8 caractères.",
            "es    | Use al menos 8 caracteres.",
            "en    | Use at least 8 characters.",
            "ja    | 8 文字以上にしてください。",
            "it    | Usa almeno 8 caratteri.",
            "nl    | Gebruik minstens 8 tekens.",
            "pt-BR | Use pelo menos 8 caracteres.",
            "zh    | Use at least 8 characters.",
    })
    void localizesDetailsWithTheParameter(String language, String expected) {
        List<Problem.FieldError> errors = checker.check(DEFAULTS, "Ab1!", "/password",
                List.of(Locale.forLanguageTag(language)));

        assertThat(errors).singleElement().extracting(Problem.FieldError::detail).isEqualTo(expected);
    }

    @Test
    void everyRuleHasADetailInEveryTranslatedLanguage() {
        PasswordPolicy everything = new PasswordPolicy(30, 0, true, true, true, true, true, 10, 6, 5);
        PasswordPolicy tooLong = new PasswordPolicy(0, 2, false, false, false, false, false, 10, 6, 5);
        PasswordPolicy common = new PasswordPolicy(0, 0, false, false, false, false, true, 10, 6, 5);
        PersonalInputs inputs = new PersonalInputs("someone@example.test", "Some One", "Acme");
        for (String language : List.of("en", "de", "fr", "es", "it", "nl", "ja", "pt-BR")) {
            List<Locale> languages = List.of(Locale.forLanguageTag(language));
            List<Problem.FieldError> errors = new java.util.ArrayList<>(checker.check(everything, "", "/p", languages));
            errors.addAll(checker.check(common, "password", "/p", languages));
            errors.addAll(checker.check(common, "Acme-Glacier-Tram-42", "/p", languages, inputs));
            errors.addAll(checker.check(common, "Qq1!Qq1!Qq1!", "/p", languages));
            errors.addAll(checker.check(tooLong, "abc", "/p", languages));
            errors.add(checker.reused("/p", 3, languages));

            assertThat(errors).extracting(Problem.FieldError::code).contains("min_length", "max_length", "uppercase",
                    "lowercase", "digit", "symbol", "common_password", "personal_info", "too_guessable", "reused");
            if (!language.equals("en")) {
                assertThat(errors).extracting(Problem.FieldError::detail).as(language)
                        .doesNotContain(PasswordPolicyChecker.detail("field.too_guessable", Locale.ENGLISH),
                                PasswordPolicyChecker.detail("field.personal_info", Locale.ENGLISH));
            }
            assertThat(errors).extracting(Problem.FieldError::detail)
                    .allSatisfy(detail -> assertThat(detail).doesNotStartWith("field.").doesNotContain("{"));
        }
    }

    private static PasswordPolicy only(String rule) {
        return switch (rule) {
            case "min_length" -> new PasswordPolicy(8, 0, false, false, false, false, false, 10, 6, 5);
            case "uppercase" -> new PasswordPolicy(0, 0, true, false, false, false, false, 10, 6, 5);
            case "lowercase" -> new PasswordPolicy(0, 0, false, true, false, false, false, 10, 6, 5);
            case "digit" -> new PasswordPolicy(0, 0, false, false, true, false, false, 10, 6, 5);
            case "symbol" -> new PasswordPolicy(0, 0, false, false, false, true, false, 10, 6, 5);
            default -> throw new IllegalArgumentException(rule);
        };
    }
}
