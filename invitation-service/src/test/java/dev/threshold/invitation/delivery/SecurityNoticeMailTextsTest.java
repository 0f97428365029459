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
 * Every text of the security notice (a person's own password or MFA changed) formats cleanly, every
 * change has its subject and intro, and the intro names the address and the org; that every language
 * is complete is problem.MessagesTest's.
 */
class SecurityNoticeMailTextsTest {

    @Test
    void everyChangeHasItsWordsInEveryLanguage() throws IOException {
        for (String language : MessageBundles.LANGUAGES) {
            String file = MessageBundles.fileOf("mail/security-changed", language);
            Properties texts = load(file);
            for (String key : texts.stringPropertyNames()) {
                String formatted = new MessageFormat(texts.getProperty(key), Locale.ROOT)
                        .format(new Object[] {"ARG0", "ARG1"});
                assertThat(formatted).as(file + " " + key).doesNotContain("{").doesNotContain("''");
            }
            for (String change : SecurityNoticeMail.CHANGES) {
                assertThat(texts.getProperty("subject." + change)).as(file + " subject." + change).isNotBlank();
                assertThat(new MessageFormat(texts.getProperty("intro." + change)).format(new Object[] {"ARG0", "ARG1"}))
                        .as(file + " intro." + change + " names the address and the org").contains("ARG0", "ARG1");
            }
            assertThat(new MessageFormat(texts.getProperty("device")).format(new Object[] {"ARG0"})).contains("ARG0");
            assertThat(new MessageFormat(texts.getProperty("when")).format(new Object[] {"ARG0"})).contains("ARG0", "UTC");
        }
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SecurityNoticeMailTextsTest.class.getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
