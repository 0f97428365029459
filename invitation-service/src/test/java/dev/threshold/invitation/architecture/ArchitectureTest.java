package dev.threshold.invitation.architecture;

import dev.threshold.common.testing.ArchitectureRules;

/**
 * The house rules (common's {@link ArchitectureRules}) on invitation-service's code; its mail
 * outboxes are repositories ({@code SendQueueRepository}, {@code NotificationQueueRepository}),
 * so resources never write to them either.
 */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.invitation");
    }
}
