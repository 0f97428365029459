package dev.threshold.invitation.delivery;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * One email's texts in one language ({@code mail/<name>*.properties}, picked by {@link MailLocales}):
 * no fallback to the JVM's default locale, and every text goes through {@link MessageFormat}, so
 * each doubles its apostrophes the same way.
 */
final class MailTexts {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    private MailTexts(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    static MailTexts of(String bundleName, Locale locale) {
        return new MailTexts(ResourceBundle.getBundle(bundleName, locale, MailTexts.class.getClassLoader(), NO_FALLBACK),
                locale);
    }

    String format(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    /** A text used as an argument of another, not a pattern of its own. */
    String plain(String key) {
        return bundle.getString(key);
    }
}
