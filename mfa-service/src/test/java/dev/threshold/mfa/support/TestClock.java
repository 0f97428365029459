package dev.threshold.mfa.support;

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
 * The service's clock in tests: real time plus an offset a test may move, or a pinned instant
 * (for TOTP window edges); {@link #reset()} goes back to real time.
 */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant pinned;

    public void advance(Duration by) {
        if (pinned != null) {
            pinned = pinned.plus(by);
        } else {
            offset = offset.plus(by);
        }
    }

    /** Stops the clock at {@code at} until {@link #reset()}. */
    public void pin(Instant at) {
        pinned = at;
    }

    /** Pins the clock in the middle of the current 30-second step, so no step boundary is crossed by surprise. */
    public Instant pinMidStep() {
        long step = Math.floorDiv(instant().getEpochSecond(), 30);
        Instant at = Instant.ofEpochSecond(step * 30 + 15);
        pin(at);
        return at;
    }

    public void reset() {
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
    public Instant instant() {
        Instant at = pinned;
        return at != null ? at : Instant.now().plus(offset);
    }

    /** Replaces the service's {@code Clock} bean in tests. */
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
