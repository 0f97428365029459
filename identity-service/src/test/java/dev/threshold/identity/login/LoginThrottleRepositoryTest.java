package dev.threshold.identity.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginThrottleRepositoryTest {

    @Inject
    LoginThrottleRepository rows;

    @Inject
    MeterRegistry registry;

    /**
     * Rows stored in the reverse of their key order, then every multi-row statement at once on
     * them: a statement that locked rows in the order it found them on disk would deadlock with
     * one that locks them in key order (the soak's one 500). None may need running again.
     */
    @Test
    void concurrentStatementsOnTheSameCountersNeverDeadlock() {
        String prefix = "deadlock-" + UUID.randomUUID() + ":";
        String[] keys = IntStream.range(0, 6).mapToObj(i -> prefix + i).toArray(String[]::new);
        Instant now = Instant.now();
        Instant[] ends = new Instant[keys.length];
        Arrays.fill(ends, now.plusSeconds(600));
        for (int i = keys.length - 1; i >= 0; i--) {
            rows.reserve(new String[] {keys[i]}, new Instant[] {ends[i]}, now).await().atMost(Duration.ofSeconds(5));
        }
        Integer[] limits = new Integer[keys.length];
        Arrays.fill(limits, 1_000);
        double conflictsBefore = lockConflicts();

        for (int round = 0; round < 40; round++) {
            List<Uni<Void>> concurrent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                concurrent.add(rows.reserve(keys, ends, now).replaceWithVoid());
                concurrent.add(rows.release(new String[0], keys));
                concurrent.add(rows.lockReached(keys, limits, ends).replaceWithVoid());
            }
            Uni.join().all(concurrent).andFailFast().await().atMost(Duration.ofSeconds(30));
        }

        assertThat(lockConflicts() - conflictsBefore).as("statements Postgres aborted for a lock conflict").isZero();
        rows.deleteByPrefix(prefix).await().atMost(Duration.ofSeconds(5));
    }

    private double lockConflicts() {
        return registry.find("threshold.db.lock.conflicts").counters().stream().mapToDouble(Counter::count).sum();
    }
}
