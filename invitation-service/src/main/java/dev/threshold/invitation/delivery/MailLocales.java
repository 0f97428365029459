package dev.threshold.invitation.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Languages the emails exist in (every language of the web app), and how one is picked: invitation, org default, English. */
public final class MailLocales {

    public static final List<String> AVAILABLE = List.of("en", "de", "fr", "es", "it", "nl", "ja", "pt-BR");
    /** The forgotten-password email: the same languages. */
    public static final List<String> PASSWORD_RESET = AVAILABLE;
    private static final Set<String> AVAILABLE_SET = Set.copyOf(AVAILABLE);

    private MailLocales() {
    }

    public static Locale pick(String invitationLocale, String orgDefaultLocale) {
        return pickFrom(AVAILABLE_SET, invitationLocale, orgDefaultLocale);
    }

    /** The first candidate that is one of {@code available} (by language; any Portuguese is pt-BR), else English. */
    public static Locale pickFrom(java.util.Collection<String> available, String... candidates) {
        for (String candidate : candidates) {
            String tag = normalize(available, candidate);
            if (tag != null) {
                return Locale.forLanguageTag(tag);
            }
        }
        return Locale.ENGLISH;
    }

    private static String normalize(java.util.Collection<String> available, String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        if (available.contains(tag)) {
            return tag;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        if ("pt".equals(language)) {
            return available.contains("pt-BR") ? "pt-BR" : null;
        }
        return available.contains(language) ? language : null;
    }
}
