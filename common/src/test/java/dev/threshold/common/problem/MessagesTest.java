package dev.threshold.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The shared problem texts exist in every language of the web app, and a service answers in each. */
class MessagesTest {

    @Test
    void sharedProblemTextsAreTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("i18n/common-problems", Format.MESSAGE_FORMAT_WITH_ARGUMENTS);
    }

    @Test
    void servicesAnswerInEveryLanguageOfTheWebApp() {
        assertThat(ProblemMessages.SUPPORTED).containsExactlyInAnyOrderElementsOf(MessageBundles.LANGUAGES);
        for (String language : MessageBundles.LANGUAGES) {
            assertThat(ProblemMessages.pick(List.of(Locale.forLanguageTag(language))).toLanguageTag()).isEqualTo(language);
        }
        assertThat(new ProblemMessages().detail("not_found", List.of(Locale.forLanguageTag("pt-PT"))))
                .isEqualTo("O recurso solicitado não existe.");
    }
}
