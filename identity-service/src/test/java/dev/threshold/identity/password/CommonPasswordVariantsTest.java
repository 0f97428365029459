package dev.threshold.identity.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.common.problem.Problem;
import dev.threshold.identity.org.OrgSettings.PasswordPolicy;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, attack 7: common passwords and their obvious variants, the person's and the org's words. */
class CommonPasswordVariantsTest {

    private static final PasswordPolicy DEFAULTS = PasswordPolicy.defaults();
    private static final PersonalInputs JANE = new PersonalInputs("jane.doe@example.test", "Jane Doe", "Acme Rockets");

    private final PasswordPolicyChecker checker = new PasswordPolicyChecker();

    private List<String> codes(String password, PersonalInputs inputs) {
        return checker.check(DEFAULTS, password, "/password", List.of(Locale.ENGLISH), inputs).stream()
                .map(Problem.FieldError::code).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password1!", "P@ssw0rd2024", "Summer2024!", "Qwerty123!", "P@$$w0rd!", "Dragon1985#",
            "!!Letmein99", "$ummer2024", "Football#1", "Welcome2025!", "Iloveyou!1"})
    void commonPasswordsInDisguiseAreRefused(String password) {
        assertThat(codes(password, PersonalInputs.NONE)).as(password).contains("common_password")
                .doesNotContain("personal_info", "too_guessable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Qwertyuiop1!", "1qaz2wsx3edC!", "Asdfghjkl;1", "Zxcvbnm,./1A"})
    void keyboardWalksAreRefused(String password) {
        assertThat(codes(password, PersonalInputs.NONE)).as(password).containsAnyOf("common_password", "too_guessable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AcmeRockets2024!", "Acme-Rockets!9", "R0ckets#Launch7", "Jane.Doe#2024", "J4ne.D0e!1x",
            "jane.doe@example.test1A!"})
    void theOrgsNameAndThePersonsEmailAndNameAreRefused(String password) {
        assertThat(codes(password, JANE)).as(password).containsExactly("personal_info");
        assertThat(codes(password, PersonalInputs.NONE)).as(password + " for someone else").doesNotContain("personal_info");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Aaaaaaaa1!", "Abcdefgh1!", "Abc12345!!", "Qq1!Qq1!Qq1!"})
    void predictablePatternsAreTooGuessable(String password) {
        assertThat(codes(password, PersonalInputs.NONE)).as(password).containsAnyOf("common_password", "too_guessable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Glacier-Tram-42", "Correct-Horse-7-battery", "Journey-Secret-42", "Mfa-Journey-Secret-7",
            "velvet Otter 9 umbrella!", "Kx7#mQ2$vL9p", "Brand-New-Secret-1", "Third-Secret-Here-3", "Another-Secret-9",
            "Harbor-Quartz-Lantern-7", "Walnut-Falcon-Ember-9", "Glacier-Tram-Velvet-42", "Wrong-Current-1"})
    void strongPasswordsAreAccepted(String password) {
        assertThat(codes(password, JANE)).as(password).isEmpty();
    }

    @Test
    void randomPassphrasesAreAccepted() {
        String[] words = {"glacier", "tram", "velvet", "otter", "umbrella", "copper", "lantern", "meadow", "quartz",
                "harbor", "pepper", "saddle", "violin", "walnut", "ember", "falcon", "juniper", "nectar"};
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            String passphrase = words[random.nextInt(words.length)].toUpperCase(Locale.ROOT).charAt(0)
                    + words[random.nextInt(words.length)].substring(1) + "-" + words[random.nextInt(words.length)]
                    + "-" + words[random.nextInt(words.length)] + "-" + random.nextInt(10) + "!";
            assertThat(codes(passphrase, JANE)).as(passphrase).isEmpty();
        }
    }

    @Test
    void theListHasTheBreachedPasswordsTooAndFindsVariants() {
        assertThat(CommonPasswords.size()).isGreaterThan(90_000);
        assertThat(CommonPasswords.containsVariantOf("P@ssw0rd2024")).isTrue();
        assertThat(CommonPasswords.containsVariantOf("Glacier-Tram-42")).isFalse();
        assertThat(CommonPasswords.strip("!!summer2024!", false)).isEqualTo("summer");
        assertThat(CommonPasswords.Leet.undo("p@$$w0rd", 'i')).isEqualTo("password");
    }

    @Test
    void aMinimumScoreOfZeroTurnsTheEstimatorOff() {
        PasswordPolicyChecker off = new PasswordPolicyChecker(0);
        assertThat(checker.check(DEFAULTS, "Qq1!Qq1!Qq1!", "/password")).extracting(Problem.FieldError::code)
                .containsExactly("too_guessable");
        assertThat(off.check(DEFAULTS, "Qq1!Qq1!Qq1!", "/password")).isEmpty();
        assertThat(off.check(DEFAULTS, "Password1!", "/password")).extracting(Problem.FieldError::code)
                .containsExactly("common_password");
    }

    @Test
    void theVerdictCarriesTheScore() {
        assertThat(checker.evaluate(DEFAULTS, "Glacier-Tram-42", "/password", List.of(), PersonalInputs.NONE).score())
                .isGreaterThanOrEqualTo(3);
        assertThat(checker.evaluate(DEFAULTS, "Password1!", "/password", List.of(), PersonalInputs.NONE).score())
                .isLessThan(3);
        assertThat(checker.evaluate(DEFAULTS, "", "/password", List.of(), PersonalInputs.NONE).score()).isZero();
    }

    /** Not an assertion on speed (shared machines), a number for the README: printed. */
    @Test
    void costPerCheck() {
        String[] samples = {"Password1!", "Glacier-Tram-42", "Correct-Horse-7-battery", "Kx7#mQ2$vL9p",
                "velvet Otter 9 umbrella!", "J4ne.D0e!1x", "a much longer passphrase with several words 2024!"};
        for (int i = 0; i < 50; i++) {
            checker.evaluate(DEFAULTS, samples[i % samples.length], "/p", List.of(), JANE);
        }
        int n = 300;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            checker.evaluate(DEFAULTS, samples[i % samples.length], "/p", List.of(), JANE);
        }
        long perCheck = (System.nanoTime() - start) / n;
        long listStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CommonPasswords.containsVariantOf(samples[i % samples.length]);
        }
        long perList = (System.nanoTime() - listStart) / n;
        String longest = "Zq9!" + "x7Kp#w2M".repeat(50);
        long longStart = System.nanoTime();
        checker.evaluate(DEFAULTS, longest, "/p", List.of(), JANE);
        long longCheck = System.nanoTime() - longStart;
        System.out.printf("password check: %d us per check (estimator + list + inputs), list only %d us, 400 chars %d us%n",
                perCheck / 1000, perList / 1000, longCheck / 1000);
        assertThat(perCheck).isPositive();
    }
}
