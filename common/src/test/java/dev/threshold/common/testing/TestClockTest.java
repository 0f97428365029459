package dev.threshold.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The services' test clock: real time moved by an offset, or pinned, and back to real time on reset. */
class TestClockTest {

    @Test
    void movesRealTimeByWhatTheTestAdvances() {
        TestClock clock = new TestClock();
        clock.advance(Duration.ofDays(2));

        assertThat(clock.instant()).isAfter(Instant.now().plus(Duration.ofDays(2)).minusSeconds(5));
        clock.reset();
        assertThat(clock.instant()).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void aPinnedClockMovesOnlyWhenAdvanced() {
        Instant at = Instant.parse("2030-01-01T00:00:15Z");
        TestClock clock = TestClock.pinnedAt(at);

        assertThat(clock.instant()).isEqualTo(at);
        clock.advance(Duration.ofSeconds(30));
        assertThat(clock.instant()).isEqualTo(at.plusSeconds(30));
        assertThat(clock.millis()).isEqualTo(at.plusSeconds(30).toEpochMilli());
        clock.reset();
        assertThat(clock.instant()).isBefore(Instant.now().plusSeconds(5));
    }
}
