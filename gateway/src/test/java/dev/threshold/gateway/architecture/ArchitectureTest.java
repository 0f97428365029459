package dev.threshold.gateway.architecture;

import dev.threshold.common.testing.ArchitectureRules;

/** The house rules (common's {@link ArchitectureRules}) on the gateway's code: its packages free of cycles. */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.gateway");
    }
}
