package dev.threshold.common.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The house rules of every module's production code (STYLE.md): feature packages without
 * cycles, thin resources that leave persistence to services and repositories, and API and event
 * records that never carry persistence. A module applies them with a test class that names its
 * base package, nothing else:
 *
 * <pre>{@code
 * class ArchitectureTest extends ArchitectureRules {
 *     ArchitectureTest() {
 *         super("dev.threshold.mfa");
 *     }
 * }
 * }</pre>
 *
 * A feature package is {@code <base>.<feature>} with all its sub-packages ({@code api},
 * {@code events}, ...); event records live in their feature's {@code events} package.
 */
public abstract class ArchitectureRules {

    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    /** What a resource must not reach for: the storage, the transaction, the outbox. */
    private static final DescribedPredicate<JavaClass> PERSISTENCE = simpleNameEndingWith("Repository")
            .or(annotatedWith("jakarta.persistence.Entity"))
            .or(resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "io.quarkus.hibernate..",
                    "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..",
                    "io.vertx.mutiny.pgclient.."))
            .or(name("dev.threshold.common.events.Outbox"))
            .as("repositories, entities, sessions, SQL clients or the outbox");

    /** Records that cross the service's edge: request and response bodies, event data. */
    private static final DescribedPredicate<JavaClass> PERSISTENCE_IN_RECORDS = simpleNameEndingWith("Repository")
            .or(annotatedWith("jakarta.persistence.Entity"))
            .or(resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "io.quarkus.hibernate.."))
            .as("repositories, entities or persistence annotations");

    private final String basePackage;
    private final DescribedPredicate<? super JavaClass> alsoKeptFromResources;

    protected ArchitectureRules(String basePackage) {
        this(basePackage, DescribedPredicate.alwaysFalse());
    }

    /**
     * @param alsoKeptFromResources what this module's resources must not use either, beyond
     *                              persistence (mfa-service: its crypto)
     */
    protected ArchitectureRules(String basePackage, DescribedPredicate<? super JavaClass> alsoKeptFromResources) {
        this.basePackage = basePackage;
        this.alsoKeptFromResources = alsoKeptFromResources;
    }

    @Test
    void keepsFeaturePackagesFreeOfCycles() {
        slices().matching(basePackage + ".(*)..").namingSlices("$1")
                .as("feature packages of " + basePackage)
                .should().beFreeOfCycles()
                .check(classes());
    }

    @Test
    void keepsResourcesThin() {
        noClasses().that(resources())
                .should().dependOnClassesThat(PERSISTENCE.or(alsoKeptFromResources))
                .because("a resource reads the request, calls a service and maps its answer;"
                        + " services and repositories do the persistence")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    void keepsApiRecordsFreeOfPersistence() {
        noClasses().that().resideInAPackage(basePackage + "..api..")
                .should().dependOnClassesThat(PERSISTENCE_IN_RECORDS)
                .because("entities never cross the API: services map them to api records")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    void keepsEventRecordsFreeOfPersistence() {
        noClasses().that().resideInAPackage(basePackage + ".*.events..")
                .and().haveSimpleNameNotEndingWith("Consumer")
                .should().dependOnClassesThat(PERSISTENCE_IN_RECORDS)
                .because("event data is a record of plain values; the consumers beside them may persist")
                .allowEmptyShould(true)
                .check(classes());
    }

    private static DescribedPredicate<JavaClass> resources() {
        return not(INTERFACES).and(simpleNameEndingWith("Resource").or(annotatedWith("jakarta.ws.rs.Path")))
                .as("resources");
    }

    /** The module's production classes, imported once per module and JVM. */
    private JavaClasses classes() {
        JavaClasses classes = IMPORTED.computeIfAbsent(basePackage, base -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(base));
        assertFalse(classes.isEmpty(), () -> "no production classes in " + basePackage);
        return classes;
    }
}
