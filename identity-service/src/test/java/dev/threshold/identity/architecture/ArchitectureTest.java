package dev.threshold.identity.architecture;

import dev.threshold.common.testing.ArchitectureRules;

/** The house rules (common's {@link ArchitectureRules}) on identity-service's code. */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.identity");
    }
}
