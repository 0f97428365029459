package dev.threshold.common.architecture;

import dev.threshold.common.testing.ArchitectureRules;

/** common keeps the house rules it hands to the services: its packages free of cycles, among others. */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.common");
    }
}
