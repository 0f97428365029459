package dev.threshold.mfa.problem;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import org.junit.jupiter.api.Test;

/** Every problem text of mfa-service exists in every language of the web app. */
class MessagesTest {

    @Test
    void problemTextsAreTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("i18n/problems", Format.MESSAGE_FORMAT_WITH_ARGUMENTS);
    }
}
