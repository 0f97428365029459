package dev.threshold.gateway.overload;

/** Constants of the gateway's load shedding. */
public final class Overload {

    /** What {@code 503 overloaded} asks a client to wait, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private Overload() {
    }
}
