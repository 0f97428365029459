package dev.threshold.gateway.region;

/** The services every region runs, each behind its own upstream base URL. */
public enum Service {
    IDENTITY("identity"),
    MFA("mfa"),
    INVITATION("invitation");

    private final String key;

    Service(String key) {
        this.key = key;
    }

    /** The name used in configuration, logs and metrics. */
    public String key() {
        return key;
    }
}
