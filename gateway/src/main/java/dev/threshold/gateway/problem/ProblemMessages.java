package dev.threshold.gateway.problem;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.stream.Stream;

/**
 * Localized problem details. English is the base bundle and the fallback; the JVM's default locale never is (a
 * server in Frankfurt must not answer a French client in German).
 */
public final class ProblemMessages {

    static final String BUNDLE = "i18n.gateway-problems";
    /** The languages of the web app. */
    public static final List<Locale> SUPPORTED = Stream.of("en", "de", "fr", "es", "it", "nl", "ja", "pt-BR")
            .map(Locale::forLanguageTag).toList();

    private static final ResourceBundle.Control NO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private ProblemMessages() {
    }

    /**
     * Picks the best supported language from an Accept-Language header; English when nothing matches or the header
     * is malformed.
     */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            return Locale.ENGLISH;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String language = range.getRange().split("-", 2)[0];
            if (language.equals("*")) {
                return Locale.ENGLISH;
            }
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(language)) {
                    return supported;
                }
            }
        }
        return Locale.ENGLISH;
    }

    public static String detail(ProblemCode code, Locale locale) {
        try {
            return ResourceBundle.getBundle(BUNDLE, locale, NO_DEFAULT_LOCALE).getString(code.code());
        } catch (MissingResourceException e) {
            return code.title();
        }
    }
}
