package dev.threshold.invitation.problem;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import org.junit.jupiter.api.Test;

/** Every text invitation-service shows or sends exists in every language of the web app. */
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
    void invitationEmailIsTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("mail/invitation", Format.MESSAGE_FORMAT_ALWAYS);
    }

    @Test
    void passwordResetEmailIsTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("mail/password-reset", Format.MESSAGE_FORMAT_ALWAYS);
    }

    @Test
    void identityProviderNotificationIsTranslatedIntoEveryLanguage() {
        MessageBundles.assertComplete("mail/idp-changed", Format.MESSAGE_FORMAT_ALWAYS);
    }
}
