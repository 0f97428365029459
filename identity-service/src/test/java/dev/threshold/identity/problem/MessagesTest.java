package dev.threshold.identity.problem;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import org.junit.jupiter.api.Test;

/** Every text identity-service shows exists in every language of the web app. */
class MessagesTest {

    @Test
    void problemTextsAreTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("i18n/problems", Format.MESSAGE_FORMAT_WITH_ARGUMENTS);
    }

    @Test
    void validationMessagesAreTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("ValidationMessages", Format.OTHER);
    }

    @Test
    void passwordRuleTextsAreTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("password/messages", Format.MESSAGE_FORMAT_ALWAYS);
    }
}
