package dev.threshold.identity.password;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must not be built from, besides common passwords: the person's email and name
 * and the organization's name (NIST SP 800-63B 5.1.1.2 "context-specific words"). Any may be null.
 */
public record PersonalInputs(String email, String name, String orgName) {

    public static final PersonalInputs NONE = new PersonalInputs(null, null, null);

    /** Shorter words are too likely to occur by chance in a good password. */
    static final int MIN_WORD = 4;

    /**
     * The words, lower-cased, of at least {@link #MIN_WORD} letters or digits: the whole email,
     * its local part, each name and the org name with and without separators, and their parts
     * ({@code jane.doe+x@acme.test} -> {@code jane.doe+x@acme.test}, {@code jane.doe+x},
     * {@code janedoex}, {@code jane}; {@code acme-corp} -> {@code acmecorp}, {@code acme},
     * {@code corp}).
     */
    List<String> words() {
        Set<String> words = new LinkedHashSet<>();
        if (email != null && !email.isBlank()) {
            String lower = email.strip().toLowerCase(Locale.ROOT);
            add(words, lower);
            int at = lower.lastIndexOf('@');
            addWithParts(words, at > 0 ? lower.substring(0, at) : lower);
        }
        for (String text : new String[] {name, orgName}) {
            if (text != null && !text.isBlank()) {
                addWithParts(words, text.strip().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(words);
    }

    private static void addWithParts(Set<String> words, String text) {
        add(words, text);
        add(words, text.replaceAll("[^\\p{L}\\p{N}]+", ""));
        // Parts are letter runs only: an org named "team-4f3a9c" must not forbid "4f3a".
        for (String part : text.split("[^\\p{L}]+")) {
            add(words, part);
        }
    }

    private static void add(Set<String> words, String word) {
        if (word.codePointCount(0, word.length()) >= MIN_WORD) {
            words.add(word);
        }
    }

    /** Whether {@code lowerPassword} (or it with separators removed or leetspeak undone) contains one of the words. */
    boolean foundIn(String lowerPassword) {
        List<String> words = words();
        if (words.isEmpty()) {
            return false;
        }
        List<String> forms = new ArrayList<>();
        forms.add(lowerPassword);
        forms.add(CommonPasswords.Leet.undo(lowerPassword, 'i'));
        forms.add(CommonPasswords.Leet.undo(lowerPassword, 'l'));
        for (int i = 0, n = forms.size(); i < n; i++) {
            forms.add(forms.get(i).replaceAll("[^\\p{L}\\p{N}]+", ""));
        }
        for (String word : words) {
            for (String form : forms) {
                if (form.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }
}
