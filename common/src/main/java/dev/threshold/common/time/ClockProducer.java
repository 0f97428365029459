package dev.threshold.common.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Every service's notion of now: injected wherever time matters, so tests replace it with an
 * {@code @Alternative} clock and move time (expiry, idle sessions, TOTP steps) instead of waiting.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
