package dev.threshold.identity.password;

import com.nulabinc.zxcvbn.StandardDictionaries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An offline list of common and breached passwords, and the obvious variants of each.
 *
 * <p>The list is the union of zxcvbn's 30,000 most frequent passwords (in the
 * {@code com.nulab-inc:zxcvbn} jar) and the 100,000 breached passwords of nbvcxz
 * ({@code dictionaries/passwords.txt} in the MIT-licensed {@code me.gosimple:nbvcxz} jar), about
 * 115,000 distinct entries, read from the classpath: no network, ever. Kept as a sorted
 * {@code long[]} of 64-bit hashes of the lower-cased entries (about 1 MB instead of about 12 MB
 * for a {@code HashSet<String>}); a lookup is a binary search. A false positive needs a 64-bit
 * collision with one of the entries (odds about 1 in 10<sup>14</sup> per lookup) and could only
 * ever refuse a password, never accept one.
 *
 * <p>{@link #containsVariantOf} also finds the obvious variants of an entry: any case, leetspeak
 * ({@code P@ssw0rd}), and digits, symbols and years added before or after
 * ({@code Password1!}, {@code Summer2024!}, {@code !!qwerty123}).
 */
final class CommonPasswords {

    /** Entries shorter than this are not looked up after stripping (the list's shortest are 4). */
    static final int MIN_CORE = 4;

    private CommonPasswords() {
    }

    private static final class Holder {
        static final long[] HASHES = load();

        private static long[] load() {
            Set<String> entries = new LinkedHashSet<>(160_000);
            try {
                List<String> zxcvbn = StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies();
                for (String password : zxcvbn) {
                    entries.add(password.toLowerCase(Locale.ROOT));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("zxcvbn's password list is missing from the classpath", e);
            }
            try (InputStream in = CommonPasswords.class.getClassLoader().getResourceAsStream("dictionaries/passwords.txt")) {
                if (in == null) {
                    throw new IllegalStateException("nbvcxz's dictionaries/passwords.txt is missing from the classpath");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String entry = line.strip();
                    if (!entry.isEmpty()) {
                        entries.add(entry.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("nbvcxz's password list is unreadable", e);
            }
            long[] hashes = new long[entries.size()];
            int i = 0;
            for (String entry : entries) {
                hashes[i++] = hash(entry);
            }
            Arrays.sort(hashes);
            return hashes;
        }
    }

    /** Whether {@code password} is on the list, ignoring case. */
    static boolean contains(String password) {
        return password != null && containsLower(password.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether {@code password}, or what is left of it after lower-casing, undoing leetspeak and
     * taking digits, symbols and spaces off both ends, is on the list.
     */
    static boolean containsVariantOf(String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (containsLower(lower)) {
            return true;
        }
        // Hard: every digit and symbol off both ends ("Password1!" -> "password", then "p@ssw0rd").
        String hard = strip(lower, false);
        // Soft: keeps the symbols that stand for letters at the ends ("$ummer2024" -> "$ummer" -> "summer").
        String soft = strip(lower, true);
        for (String candidate : new String[] {hard, Leet.undo(hard, 'i'), Leet.undo(hard, 'l'),
                Leet.undo(soft, 'i'), Leet.undo(soft, 'l'), Leet.undo(lower, 'i'), Leet.undo(lower, 'l')}) {
            if (candidate.length() >= MIN_CORE && containsLower(candidate)) {
                return true;
            }
        }
        return false;
    }

    static int size() {
        return Holder.HASHES.length;
    }

    private static boolean containsLower(String lower) {
        return Arrays.binarySearch(Holder.HASHES, hash(lower)) >= 0;
    }

    /**
     * Takes digits, symbols and whitespace off both ends ("2024", "1!", "123", "!!", " "); with
     * {@code keepLeetSymbols}, stops at a symbol that leetspeak uses for a letter ({@code @ $ ! | + (}).
     */
    static String strip(String text, boolean keepLeetSymbols) {
        int start = 0;
        int end = text.length();
        while (start < end && strippable(text.charAt(start), keepLeetSymbols)) {
            start++;
        }
        while (end > start && strippable(text.charAt(end - 1), keepLeetSymbols)) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean strippable(char c, boolean keepLeetSymbols) {
        if (Character.isLetter(c)) {
            return false;
        }
        return !(keepLeetSymbols && "@$!|+(".indexOf(c) >= 0);
    }

    /** FNV-1a over the UTF-16 chars, then MurmurHash3's 64-bit finalizer to spread the bits. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Leetspeak back to letters: {@code p@$$w0rd} -> {@code password}. */
    static final class Leet {

        private Leet() {
        }

        /** {@code one}: what "1" and "|" stand for, 'i' or 'l' (both are tried). */
        static String undo(String text, char one) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(switch (c) {
                    case '0' -> 'o';
                    case '1', '|' -> one;
                    case '!' -> 'i';
                    case '2' -> 'z';
                    case '3' -> 'e';
                    case '4', '@' -> 'a';
                    case '5', '$' -> 's';
                    case '6', '9' -> 'g';
                    case '7', '+' -> 't';
                    case '8' -> 'b';
                    case '(' , '{', '[', '<' -> 'c';
                    default -> c;
                });
            }
            return out.toString();
        }
    }
}
