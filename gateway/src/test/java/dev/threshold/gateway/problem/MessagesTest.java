package dev.threshold.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's problem texts exist in every language of the web app, and the web app's languages are the product's. */
class MessagesTest {

    @Test
    void everyProblemTextIsTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("i18n/gateway-problems", Format.MESSAGE_FORMAT_WITH_ARGUMENTS);
    }

    @Test
    void theGatewayAnswersInEveryLanguage() {
        assertThat(ProblemMessages.SUPPORTED.stream().map(Locale::toLanguageTag)).containsExactlyElementsOf(MessageBundles.LANGUAGES);
    }

    @Test
    void theWebAppOffersExactlyTheLanguagesEveryServiceSpeaks() throws IOException {
        String index = Files.readString(Path.of("src/main/webui/src/i18n/index.ts"));
        String languages = index.substring(index.indexOf("export const LANGUAGES"), index.indexOf("];", index.indexOf("export const LANGUAGES")));
        List<String> codes = new ArrayList<>();
        Matcher code = Pattern.compile("code: '([^']+)'").matcher(languages);
        while (code.find()) {
            codes.add(code.group(1));
        }
        assertThat(codes).containsExactlyElementsOf(MessageBundles.LANGUAGES);
    }
}
