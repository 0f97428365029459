package dev.threshold.common.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: real time plus an offset a test may move, or pinned at an instant
 * (then it moves only when advanced); {@link #reset()} goes back to real time. {@link #INSTANCE}
 * replaces the service's {@code Clock} bean in every {@code @QuarkusTest} of a service (its
 * {@link Producer} is an alternative of priority 1); a unit test makes its own with {@link #pinnedAt}.
 */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();

    private Duration offset = Duration.ZERO;
    private Instant pinned;

    /** A clock that stands still at {@code at} until advanced. */
    public static TestClock pinnedAt(Instant at) {
        TestClock clock = new TestClock();
        clock.pin(at);
        return clock;
    }

    public synchronized void advance(Duration by) {
        if (pinned != null) {
            pinned = pinned.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    /** Stops the clock at {@code at} until {@link #reset()}. */
    public synchronized void pin(Instant at) {
        pinned = at;
    }

    public synchronized void reset() {
        offset = Duration.ZERO;
        pinned = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return pinned != null ? pinned : Instant.now().plus(offset);
    }

    /** Replaces the service's {@code Clock} bean (common's test-jar is a bean archive for its {@code testing} package). */
    public static class Producer {

        @Produces
        @Alternative
        @Priority(1)
        @Singleton
        Clock clock() {
            return INSTANCE;
        }
    }
}
