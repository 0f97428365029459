package dev.threshold.mfa.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The service's notion of now: injected everywhere so tests move time (TOTP steps, expiry, rate limits) instead of waiting. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
