package dev.threshold.common.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The house rules of every module's production code (STYLE.md): feature packages without
 * cycles, thin resources that leave persistence to services and repositories, SQL only in
 * repositories (or where {@code @RunsSql} says why), and API and event records that never carry
 * an entity or touch persistence. A module applies them with a test
 * class that names its base package, nothing else:
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
            .as("are repositories, entities, sessions, SQL clients or the outbox");

    /** What request, response and event records never touch. */
    private static final DescribedPredicate<JavaClass> PERSISTENCE_IN_RECORDS = simpleNameEndingWith("Repository")
            .or(resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "io.quarkus.hibernate.."))
            .as("are repositories or persistence annotations");

    /**
     * What runs SQL: the Vert.x SQL client, a Hibernate (Reactive) session or query, Panache's
     * session (their exceptions, which a problem mapper reads, are not).
     */
    private static final DescribedPredicate<JavaClass> SQL = resideInAnyPackage("io.vertx.sqlclient..",
            "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..", "io.vertx.mutiny.pgclient..",
            "org.hibernate.reactive..", "org.hibernate.query..")
            .or(name("org.hibernate.Session")).or(name("org.hibernate.StatelessSession"))
            .and(not(simpleNameEndingWith("Exception")))
            .as("run SQL (the Vert.x SQL client, a Hibernate session or query)");

    /** The Panache entry points that only say where a transaction or session begins. */
    private static final Set<String> PANACHE_DEMARCATION = Set.of("withTransaction", "withSession");

    /** The query methods Panache gives every repository and entity, which take query text first. */
    private static final Set<String> PANACHE_QUERIES = Set.of("find", "list", "stream", "count", "update", "delete");

    /**
     * Panache's session ({@code Panache.getSession()}, {@code flush()}, ...), or query text handed
     * to a repository's or entity's Panache methods ({@code users.update("passwordHash = ...")}).
     */
    private static final DescribedPredicate<JavaMethodCall> PANACHE_SQL = new DescribedPredicate<>(
            "use Panache's session or hand query text to Panache") {
        @Override
        public boolean test(JavaMethodCall call) {
            String owner = call.getTargetOwner().getName();
            if (owner.equals("io.quarkus.hibernate.reactive.panache.Panache")) {
                return !PANACHE_DEMARCATION.contains(call.getName());
            }
            List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
            return PANACHE_QUERIES.contains(call.getName()) && !parameters.isEmpty()
                    && parameters.get(0).getName().equals(String.class.getName())
                    && (call.getTargetOwner().isAssignableTo("io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase")
                            || call.getTargetOwner().isAssignableTo("io.quarkus.hibernate.reactive.panache.PanacheEntityBase"));
        }
    };

    private static final DescribedPredicate<CanBeAnnotated> ENTITIES = annotatedWith("jakarta.persistence.Entity")
            .as("entities");

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
    public void keepsFeaturePackagesFreeOfCycles() {
        slices().matching(basePackage + ".(*)..").namingSlices("$1")
                .as("feature packages of " + basePackage)
                .should().beFreeOfCycles()
                .check(classes());
    }

    @Test
    public void keepsResourcesThin() {
        noClasses().that(resources())
                .should().dependOnClassesThat(PERSISTENCE.or(alsoKeptFromResources))
                .because("a resource reads the request, calls a service and maps its answer;"
                        + " services and repositories do the persistence")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    public void keepsApiAndEventRecordsFreeOfPersistence() {
        noClasses().that(records())
                .should().dependOnClassesThat(PERSISTENCE_IN_RECORDS)
                .because("request, response and event bodies are plain values")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    public void keepsEntitiesOutOfApiAndEventRecords() {
        fields().that().areDeclaredInClassesThat(records())
                .should().notHaveRawType(ENTITIES)
                .because("entities never cross the API: they are mapped to api records")
                .allowEmptyShould(true)
                .check(classes());
        methods().that().areDeclaredInClassesThat(records())
                .should().notHaveRawReturnType(ENTITIES)
                .because("entities never cross the API: they are mapped to api records")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    public void keepsSqlInRepositories() {
        noClasses().that(not(repositories())).and(not(annotatedWith("dev.threshold.common.db.RunsSql")))
                .should().dependOnClassesThat(SQL)
                .orShould().callMethodWhere(PANACHE_SQL)
                .because("persistence lives in repositories (*Repository, or a repository package): services call"
                        + " them and only say where a transaction begins (Panache.withTransaction / withSession);"
                        + " an exception says why in @RunsSql")
                .allowEmptyShould(true)
                .check(classes());
    }

    private static DescribedPredicate<JavaClass> repositories() {
        return simpleNameEndingWith("Repository").or(resideInAPackage("..repository.."))
                .as("repositories");
    }

    /** The {@code api} packages, and event records: a feature's {@code events} package but its consumers. */
    private DescribedPredicate<JavaClass> records() {
        return resideInAPackage(basePackage + "..api..")
                .or(resideInAPackage(basePackage + ".*.events..").and(not(simpleNameEndingWith("Consumer"))))
                .as("are api or event records");
    }

    private static DescribedPredicate<JavaClass> resources() {
        return not(INTERFACES).and(simpleNameEndingWith("Resource").or(annotatedWith("jakarta.ws.rs.Path")))
                .as("are resources");
    }

    /**
     * The module's production classes, imported once per module and JVM from its class folder
     * (scanning every jar on a Quarkus test class path for the package takes long).
     */
    private JavaClasses classes() {
        JavaClasses classes = IMPORTED.computeIfAbsent(basePackage, base -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_ARCHIVES)
                .importPackages(base));
        assertFalse(classes.isEmpty(), () -> "no production classes in " + basePackage);
        return classes;
    }
}
