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

/** Every language of the invitation email is complete, and every text formats cleanly. */
class MailTextsTest {

    private static final String[] FILES = {"invitation.properties", "invitation_de.properties",
        "invitation_fr.properties", "invitation_es.properties", "invitation_ja.properties", "invitation_pt_BR.properties"};

    @Test
    void hasEveryKeyOfTheEnglishTextInEveryLanguage() throws IOException {
        Properties english = load(FILES[0]);
        for (String file : FILES) {
            Properties texts = load(file);
            assertThat(texts.stringPropertyNames()).as(file).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
            for (String key : texts.stringPropertyNames()) {
                assertThat(texts.getProperty(key)).as(file + " " + key).isNotBlank();
                if (!file.equals(FILES[0]) && !key.equals("footer")) {
                    assertThat(texts.getProperty(key)).as(file + " " + key + " is translated")
                            .isNotEqualTo(english.getProperty(key));
                }
            }
        }
    }

    @Test
    void formatsWithoutLeftoverPlaceholdersOrQuotes() throws IOException {
        for (String file : FILES) {
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
        try (InputStream in = MailTextsTest.class.getClassLoader().getResourceAsStream("mail/" + file)) {
            assertThat(in).as(file).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
