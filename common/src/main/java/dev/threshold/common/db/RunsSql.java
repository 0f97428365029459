package dev.threshold.common.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that runs SQL although it is not a repository. The house rule is that only
 * repositories run SQL: a class named {@code *Repository}, or one in a {@code repository}
 * package, is the only kind that may touch the Vert.x SQL client, a Hibernate session, Panache's
 * session or query text (common's {@code ArchitectureRules.keepsSqlInRepositories}). Services
 * call repositories and say where a transaction begins ({@code Panache.withTransaction} /
 * {@code withSession}).
 *
 * <p>An exception is justified in {@link #value()}. It is for glue whose whole job is the
 * storage, such as common's outbox and inbox. It is never for a service that merely finds it
 * convenient.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RunsSql {

    /** Why this class runs SQL itself instead of calling a repository. */
    String value();
}
