package dev.threshold.common.problem;

import jakarta.enterprise.context.ApplicationScoped;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Localizes the {@code detail} of problems. A service's own bundle ({@code i18n/problems}) is
 * consulted first, then the shared one ({@code i18n/common-problems}); English is the fallback.
 */
@ApplicationScoped
public class ProblemMessages {

    public static final Set<String> SUPPORTED = Set.of("en", "de", "fr", "es", "it", "nl", "ja", "pt-BR");
    private static final String SERVICE_BUNDLE = "i18n/problems";
    private static final String COMMON_BUNDLE = "i18n/common-problems";
    private static final ResourceBundle.Control NO_FALLBACK_TO_DEFAULT_LOCALE =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    public String detail(String key, List<Locale> preferred, Object... args) {
        Locale locale = pick(preferred);
        String pattern = lookup(SERVICE_BUNDLE, key, locale);
        if (pattern == null) {
            pattern = lookup(COMMON_BUNDLE, key, locale);
        }
        if (pattern == null) {
            return key;
        }
        return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** The first acceptable language we have a translation for, else English. */
    public static Locale pick(List<Locale> preferred) {
        if (preferred != null) {
            for (Locale candidate : preferred) {
                if (candidate == null || "*".equals(candidate.getLanguage())) {
                    continue;
                }
                if ("pt".equals(candidate.getLanguage())) {
                    return Locale.forLanguageTag("pt-BR");
                }
                if (SUPPORTED.contains(candidate.getLanguage())) {
                    return Locale.forLanguageTag(candidate.getLanguage());
                }
            }
        }
        return Locale.ENGLISH;
    }

    private static String lookup(String bundleName, String key, Locale locale) {
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(bundleName, locale,
                    Thread.currentThread().getContextClassLoader(), NO_FALLBACK_TO_DEFAULT_LOCALE);
            return bundle.containsKey(key) ? bundle.getString(key) : null;
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
