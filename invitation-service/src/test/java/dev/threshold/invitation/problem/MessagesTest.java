package dev.threshold.invitation.problem;

import dev.threshold.common.testing.MessagesRules;

/**
 * Every text invitation-service shows or sends exists in every language of the web app: problems,
 * validation, and the invitation, password-reset, identity-provider and security-notice e-mails.
 */
class MessagesTest extends MessagesRules {

    MessagesTest() {
        super(VALIDATION_MESSAGES, messages("mail/invitation"), messages("mail/password-reset"),
                messages("mail/idp-changed"), messages("mail/security-changed"));
    }
}
