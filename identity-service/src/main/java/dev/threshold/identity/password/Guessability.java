package dev.threshold.identity.password;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.List;

/**
 * zxcvbn's estimate of how many guesses a password takes, as its score 0-4 (0: under 10^3
 * guesses, 1: 10^6, 2: 10^8, 3: 10^10, 4: more). It knows dictionary words in any case and in
 * leetspeak, keyboard walks ({@code qwerty}, {@code 1qaz2wsx}), repeats, sequences, dates and
 * years, and the words it is given (the person's email and name, the org's name).
 *
 * <p>Cost: a few milliseconds for a typical password (see the identity-service README); only
 * the first {@link #MAX_ESTIMATED_CHARS} characters are estimated, because zxcvbn's matching
 * grows faster than linearly with the length, and a password that long is rarely weak.
 * The shared {@link Zxcvbn} is thread-safe (each {@code measure} builds its own matcher).
 */
final class Guessability {

    static final int MAX_ESTIMATED_CHARS = 50;

    private Guessability() {
    }

    private static final class Holder {
        static final Zxcvbn ZXCVBN = new Zxcvbn();
    }

    /** zxcvbn's score, 0-4, of {@code password} given the person's {@code words}. */
    static int score(String password, List<String> words) {
        String estimated = password.length() > MAX_ESTIMATED_CHARS
                ? password.substring(0, password.offsetByCodePoints(0, Math.min(MAX_ESTIMATED_CHARS,
                        password.codePointCount(0, password.length()))))
                : password;
        Strength strength = Holder.ZXCVBN.measure(estimated, words);
        int score = strength.getScore();
        strength.wipe();
        return score;
    }

    /** Loads the dictionaries now instead of on the first check (a start-up cost, not a login's). */
    static void warmUp() {
        score("warm-up", List.of());
    }
}
