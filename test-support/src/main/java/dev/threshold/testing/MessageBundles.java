package dev.threshold.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a message bundle (problem texts, email texts, validation messages) is complete in
 * every language of the web app: each language's file exists, has exactly the keys of the English
 * base file, no blank text, the same placeholders, is really translated (not the English text
 * again), and formats cleanly where the texts go through {@link MessageFormat}.
 *
 * <pre>
 * MessageBundles.assertComplete("i18n/problems", MessageBundles.Format.MESSAGE_FORMAT_WITH_ARGUMENTS);
 * </pre>
 */
public final class MessageBundles {

    /**
     * The languages of the product, as the web app lists them ({@code LANGUAGES} in
     * gateway/src/main/webui/src/i18n/index.ts; the gateway's tests check the two agree). English
     * is the base file of a bundle ({@code name.properties}), the others are {@code name_de.properties},
     * ..., {@code name_pt_BR.properties}.
     */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "nl", "ja", "pt-BR");

    /** How a bundle's texts are rendered, which decides what "formats cleanly" means. */
    public enum Format {
        /**
         * Through {@link MessageFormat} when there are arguments (the problem texts): a text with
         * placeholders writes an apostrophe as {@code ''}, one without writes it as it is.
         */
        MESSAGE_FORMAT_WITH_ARGUMENTS,
        /** Always through {@link MessageFormat} (the email texts): every apostrophe is written {@code ''}. */
        MESSAGE_FORMAT_ALWAYS,
        /** Interpolated by someone else (Hibernate Validator's {@code {min}}): only the placeholders are compared. */
        OTHER
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*([^{},\\s]+)\\s*(?:,[^{}]*)?}");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    private MessageBundles() {
    }

    /**
     * Fails with every gap of bundle {@code baseName} (a class-path name without the language and
     * {@code .properties}, e.g. {@code i18n/problems}). {@code mayEqualEnglish}: keys whose text may
     * stay the same in another language (a product name, a format).
     */
    public static void assertComplete(String baseName, Format format, String... mayEqualEnglish) {
        List<String> gaps = gaps(baseName, format, Set.of(mayEqualEnglish));
        if (!gaps.isEmpty()) {
            throw new AssertionError("bundle " + baseName + " is not complete in " + LANGUAGES + ":\n  "
                    + String.join("\n  ", gaps));
        }
    }

    /** The gaps {@link #assertComplete} reports, one line each; empty when the bundle is complete. */
    public static List<String> gaps(String baseName, Format format, Set<String> mayEqualEnglish) {
        List<String> gaps = new ArrayList<>();
        Properties english = load(fileOf(baseName, "en"));
        if (english == null) {
            gaps.add(fileOf(baseName, "en") + " is missing");
            return gaps;
        }
        for (String language : LANGUAGES) {
            String file = fileOf(baseName, language);
            Properties texts = language.equals("en") ? english : load(file);
            if (texts == null) {
                gaps.add(file + " is missing");
                continue;
            }
            Set<String> missing = new TreeSet<>(english.stringPropertyNames());
            missing.removeAll(texts.stringPropertyNames());
            Set<String> extra = new TreeSet<>(texts.stringPropertyNames());
            extra.removeAll(english.stringPropertyNames());
            missing.forEach(key -> gaps.add(file + ": " + key + " is missing"));
            extra.forEach(key -> gaps.add(file + ": " + key + " is not in English"));
            for (String key : new TreeSet<>(texts.stringPropertyNames())) {
                String text = texts.getProperty(key);
                String original = english.getProperty(key);
                if (original == null) {
                    continue;
                }
                if (text.isBlank()) {
                    gaps.add(file + ": " + key + " is blank");
                    continue;
                }
                if (!language.equals("en") && text.equals(original) && !mayEqualEnglish.contains(key)) {
                    gaps.add(file + ": " + key + " is the English text, not translated");
                }
                if (!placeholders(text).equals(placeholders(original))) {
                    gaps.add(file + ": " + key + " has placeholders " + placeholders(text) + ", English has "
                            + placeholders(original));
                }
                String formatGap = formatGap(text, format);
                if (formatGap != null) {
                    gaps.add(file + ": " + key + " " + formatGap);
                }
            }
        }
        return gaps;
    }

    /** The class-path file of a bundle in a language: en is the base file, pt-BR is _pt_BR. */
    public static String fileOf(String baseName, String language) {
        return language.equals("en") ? baseName + ".properties" : baseName + "_" + language.replace('-', '_') + ".properties";
    }

    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String formatGap(String text, Format format) {
        boolean viaMessageFormat = format == Format.MESSAGE_FORMAT_ALWAYS
                || (format == Format.MESSAGE_FORMAT_WITH_ARGUMENTS && !placeholders(text).isEmpty());
        if (!viaMessageFormat) {
            return null;
        }
        if (LONE_APOSTROPHE.matcher(text).find()) {
            return "has an apostrophe MessageFormat would swallow (write '' or ’): " + text;
        }
        Object[] arguments = new Object[10];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = i + 1;
        }
        try {
            String formatted = new MessageFormat(text).format(arguments);
            return formatted.contains("{") || formatted.contains("}") ? "leaves a brace after formatting: " + formatted : null;
        } catch (IllegalArgumentException e) {
            return "is not a valid MessageFormat pattern (" + e.getMessage() + "): " + text;
        }
    }

    private static Properties load(String file) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader == null ? MessageBundles.class.getClassLoader() : loader).getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
