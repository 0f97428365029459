package dev.threshold.invitation.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Languages the invitation email exists in, and how one is picked: invitation, org default, English. */
public final class MailLocales {

    public static final List<String> AVAILABLE = List.of("en", "de", "fr", "es", "ja", "pt-BR");
    private static final Set<String> AVAILABLE_SET = Set.copyOf(AVAILABLE);

    private MailLocales() {
    }

    public static Locale pick(String invitationLocale, String orgDefaultLocale) {
        for (String candidate : new String[] {invitationLocale, orgDefaultLocale}) {
            String tag = normalize(candidate);
            if (tag != null) {
                return Locale.forLanguageTag(tag);
            }
        }
        return Locale.ENGLISH;
    }

    private static String normalize(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        if (AVAILABLE_SET.contains(tag)) {
            return tag;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        if ("pt".equals(language)) {
            return "pt-BR";
        }
        return AVAILABLE_SET.contains(language) ? language : null;
    }
}
