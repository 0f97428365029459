package dev.threshold.mfa.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

/** Thin resources that talk to services; api and event records that never carry entities or secrets' keys. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.threshold.mfa");

    @Test
    void keepsResourcesAwayFromRepositoriesOutboxAndCrypto() {
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.threshold.common.events.Outbox")
                .orShould().dependOnClassesThat().resideInAPackage("dev.threshold.mfa.crypto..")
                .orShould().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .check(CLASSES);
    }

    @Test
    void keepsApiAndEventRecordsFreeOfPersistence() {
        noClasses().that().resideInAPackage("..api..")
                .or().resideInAPackage("..events..").and().haveSimpleNameNotEndingWith("Consumer")
                .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .check(CLASSES);
    }
}
