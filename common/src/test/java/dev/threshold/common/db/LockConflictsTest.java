package dev.threshold.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LockConflictsTest {

    private static PgException pg(String sqlState) {
        return new PgException("conflict", "ERROR", sqlState, null);
    }

    @Test
    void runsAStatementAgainAfterADeadlockOrASerializationFailure() {
        AtomicInteger executions = new AtomicInteger();
        Uni<String> statement = LockConflicts.retried("test", () -> executions.incrementAndGet() == 1
                ? Uni.createFrom().failure(pg("40P01"))
                : executions.get() == 2 ? Uni.createFrom().failure(pg("40001")) : Uni.createFrom().item("done"));

        assertEquals("done", statement.await().atMost(Duration.ofSeconds(5)));
        assertEquals(3, executions.get());
    }

    @Test
    void givesUpAfterItsAttemptsWithTheLastConflict() {
        AtomicInteger executions = new AtomicInteger();
        Uni<String> statement = LockConflicts.retried("test", () -> {
            executions.incrementAndGet();
            return Uni.createFrom().failure(pg("40P01"));
        });

        PgException failure = assertThrows(PgException.class, () -> statement.await().atMost(Duration.ofSeconds(5)));
        assertEquals("40P01", failure.getSqlState());
        assertEquals(LockConflicts.ATTEMPTS, executions.get());
    }

    @Test
    void neverRunsAStatementAgainForAnyOtherFailure() {
        AtomicInteger executions = new AtomicInteger();
        PgException uniqueViolation = pg("23505");
        Uni<String> statement = LockConflicts.retried("test", () -> {
            executions.incrementAndGet();
            return Uni.createFrom().failure(uniqueViolation);
        });

        assertSame(uniqueViolation, assertThrows(PgException.class, () -> statement.await().atMost(Duration.ofSeconds(5))));
        assertEquals(1, executions.get());
    }
}
