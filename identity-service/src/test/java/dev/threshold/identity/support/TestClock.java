package dev.threshold.identity.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The app's clock in tests: real time plus an offset that a test may move (and must reset). */
public final class TestClock extends Clock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);

    public static void advance(Duration by) {
        OFFSET.updateAndGet(offset -> offset.plus(by));
    }

    public static void reset() {
        OFFSET.set(Duration.ZERO);
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
        return Instant.now().plus(OFFSET.get());
    }

    public static class Producer {

        @Produces
        @Singleton
        @Alternative
        @Priority(1)
        Clock clock() {
            return new TestClock();
        }
    }
}
