package dev.threshold.identity.problem;

import dev.threshold.common.testing.MessagesRules;

/** Every text identity-service shows exists in every language of the web app: problems, validation, password rules. */
class MessagesTest extends MessagesRules {

    MessagesTest() {
        super(VALIDATION_MESSAGES, messages("password/messages"));
    }
}
