package dev.threshold.invitation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The forgotten-password email exists in every language of the web app, complete and translated. */
class PasswordResetMailTextsTest {

    private static final String[] FILES = {"password-reset.properties", "password-reset_de.properties",
        "password-reset_fr.properties", "password-reset_es.properties", "password-reset_it.properties",
        "password-reset_nl.properties", "password-reset_ja.properties", "password-reset_pt_BR.properties"};

    @Test
    void hasEveryKeyInEveryLanguageTranslated() throws IOException {
        Properties english = load(FILES[0]);
        assertThat(FILES).hasSize(MailLocales.PASSWORD_RESET.size());
        for (String file : FILES) {
            Properties texts = load(file);
            assertThat(texts.stringPropertyNames()).as(file).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
            for (String key : texts.stringPropertyNames()) {
                assertThat(texts.getProperty(key)).as(file + " " + key).isNotBlank();
                if (!file.equals(FILES[0])) {
                    assertThat(texts.getProperty(key)).as(file + " " + key + " is translated").isNotEqualTo(english.getProperty(key));
                }
            }
        }
    }

    @Test
    void formatsWithoutLeftoverPlaceholdersOrQuotes() throws IOException {
        for (String file : FILES) {
            Properties texts = load(file);
            for (String key : texts.stringPropertyNames()) {
                Object[] args = key.equals("expiry") ? new Object[] {60, "WHEN"} : new Object[] {"ARG0", "ARG1"};
                String formatted = new MessageFormat(texts.getProperty(key), Locale.ROOT).format(args);
                assertThat(formatted).as(file + " " + key).doesNotContain("{").doesNotContain("''");
            }
            assertThat(new MessageFormat(texts.getProperty("intro")).format(new Object[] {"ARG0", "ARG1"}))
                    .as(file + " intro names the address and the org").contains("ARG0", "ARG1");
            assertThat(new MessageFormat(texts.getProperty("expiry")).format(new Object[] {60, "WHEN"}))
                    .as(file + " expiry says when").contains("60", "WHEN");
            assertThat(new MessageFormat(texts.getProperty("subject")).format(new Object[] {"ARG0"})).contains("ARG0");
        }
    }

    @Test
    void picksTheLanguageOfThePersonElseEnglish() {
        assertThat(MailLocales.pickFrom(MailLocales.PASSWORD_RESET, "it")).isEqualTo(Locale.ITALIAN);
        assertThat(MailLocales.pickFrom(MailLocales.PASSWORD_RESET, "nl-BE")).isEqualTo(Locale.forLanguageTag("nl"));
        assertThat(MailLocales.pickFrom(MailLocales.PASSWORD_RESET, "pt-PT")).isEqualTo(Locale.forLanguageTag("pt-BR"));
        assertThat(MailLocales.pickFrom(MailLocales.PASSWORD_RESET, "xx", null)).isEqualTo(Locale.ENGLISH);
        // the invitation email keeps its own six languages
        assertThat(MailLocales.pick("it", null)).isEqualTo(Locale.ENGLISH);
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PasswordResetMailTextsTest.class.getClassLoader().getResourceAsStream("mail/" + file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
