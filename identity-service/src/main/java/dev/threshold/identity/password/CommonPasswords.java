package dev.threshold.identity.password;

import com.nulabinc.zxcvbn.StandardDictionaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The 30,000 most common passwords of zxcvbn's frequency list (bundled in the
 * {@code com.nulab-inc:zxcvbn} jar, read from the classpath: no network, ever), lower-cased in
 * a hash set: loaded once on first use (about 30 ms), then O(1) per lookup.
 */
final class CommonPasswords {

    private CommonPasswords() {
    }

    private static final class Holder {
        static final Set<String> PASSWORDS = load();

        private static Set<String> load() {
            try {
                List<String> ranked = StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies();
                Set<String> set = new HashSet<>(ranked.size() * 4 / 3 + 1);
                for (String password : ranked) {
                    set.add(password.toLowerCase(Locale.ROOT));
                }
                return Set.copyOf(set);
            } catch (IOException e) {
                throw new UncheckedIOException("zxcvbn's password list is missing from the classpath", e);
            }
        }
    }

    /** Whether {@code password} is on the list, ignoring case. */
    static boolean contains(String password) {
        return password != null && Holder.PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
    }

    static int size() {
        return Holder.PASSWORDS.size();
    }
}
