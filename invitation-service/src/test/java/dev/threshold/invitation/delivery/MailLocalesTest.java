package dev.threshold.invitation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.MessageBundles;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MailLocalesTest {

    @Test
    void prefersInvitationLocaleThenOrgDefaultThenEnglish() {
        assertThat(MailLocales.pick("de", "fr")).isEqualTo(Locale.GERMAN);
        assertThat(MailLocales.pick("sv", "fr")).isEqualTo(Locale.FRENCH);
        assertThat(MailLocales.pick(null, "ja")).isEqualTo(Locale.JAPANESE);
        assertThat(MailLocales.pick("sv", "da")).isEqualTo(Locale.ENGLISH);
        assertThat(MailLocales.pick(null, null)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void speaksEveryLanguageOfTheWebApp() {
        assertThat(MailLocales.AVAILABLE).containsExactlyElementsOf(MessageBundles.LANGUAGES);
        assertThat(MailLocales.pick("it", "fr")).isEqualTo(Locale.ITALIAN);
        assertThat(MailLocales.pick("nl-BE", null)).isEqualTo(Locale.forLanguageTag("nl"));
    }

    @Test
    void mapsPortugueseToBrazilianPortuguese() {
        assertThat(MailLocales.pick("pt-BR", null).toLanguageTag()).isEqualTo("pt-BR");
        assertThat(MailLocales.pick("pt", null).toLanguageTag()).isEqualTo("pt-BR");
        assertThat(MailLocales.pick("de-AT", null)).isEqualTo(Locale.GERMAN);
    }
}
