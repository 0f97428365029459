package dev.threshold.mfa.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import dev.threshold.common.testing.ArchitectureRules;

/** The house rules (common's {@link ArchitectureRules}) on mfa-service's code; its resources never touch the secrets' crypto either. */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("dev.threshold.mfa", resideInAPackage("dev.threshold.mfa.crypto.."));
    }
}
