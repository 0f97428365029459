package dev.threshold.invitation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.MessageBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every text of the forgotten-password email formats cleanly and names what it must; that every
 * language is complete is problem.MessagesTest's.
 */
class PasswordResetMailTextsTest {

    @Test
    void formatsWithoutLeftoverPlaceholdersOrQuotes() throws IOException {
        for (String language : MessageBundles.LANGUAGES) {
            String file = MessageBundles.fileOf("mail/password-reset", language);
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
        assertThat(MailLocales.pick("it", null)).isEqualTo(Locale.ITALIAN);
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PasswordResetMailTextsTest.class.getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
