package dev.threshold.mfa.problem;

import dev.threshold.common.testing.MessagesRules;

/** Every problem text of mfa-service exists in every language of the web app. */
class MessagesTest extends MessagesRules {
}
