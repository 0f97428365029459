package dev.threshold.gateway.overload;

import dev.threshold.http.InFlightLimitHandler;

/** Constants of the gateway's load shedding. */
public final class Overload {

    /** What {@code 503 overloaded} asks a client to wait, in seconds. */
    public static final String RETRY_AFTER_SECONDS = InFlightLimitHandler.RETRY_AFTER_SECONDS;

    private Overload() {
    }
}
