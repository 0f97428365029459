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
 * Every text of the invitation email formats cleanly and names what it must; that every language
 * is complete is problem.MessagesTest's.
 */
class MailTextsTest {

    @Test
    void formatsWithoutLeftoverPlaceholdersOrQuotes() throws IOException {
        for (String language : MessageBundles.LANGUAGES) {
            String file = MessageBundles.fileOf("mail/invitation", language);
            Properties texts = load(file);
            for (String key : texts.stringPropertyNames()) {
                String formatted = new MessageFormat(texts.getProperty(key), Locale.ROOT)
                        .format(new Object[] {"ARG0", "ARG1"});
                assertThat(formatted).as(file + " " + key).doesNotContain("{").doesNotContain("''");
            }
            assertThat(new MessageFormat(texts.getProperty("subject")).format(new Object[] {"ARG0", "ARG1"}))
                    .as(file + " subject names inviter and org").contains("ARG0", "ARG1");
            assertThat(new MessageFormat(texts.getProperty("intro")).format(new Object[] {"ARG0", "ARG1"}))
                    .as(file + " intro names inviter and org").contains("ARG0", "ARG1");
            assertThat(new MessageFormat(texts.getProperty("junk")).format(new Object[] {"ARG0"}))
                    .as(file + " junk names the sender").contains("ARG0");
        }
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MailTextsTest.class.getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
