package dev.threshold.invitation.architecture;

import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;

import dev.threshold.common.testing.ArchitectureRules;

/**
 * The house rules (common's {@link ArchitectureRules}) on invitation-service's code; its
 * resources never write to the mail outbox (send and notification queues) either.
 */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.invitation", nameMatching("dev\\.threshold\\.invitation\\..*(SendQueue|NotificationQueue)"));
    }
}
