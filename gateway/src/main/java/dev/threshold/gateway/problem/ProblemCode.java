package dev.threshold.gateway.problem;

import java.util.Locale;

/**
 * Every error the gateway itself answers with. The code is stable (clients switch on it), doubles as the key of the
 * localized detail in {@code i18n/gateway-problems*.properties}, and is listed in {@code docs/problems.md}.
 */
public enum ProblemCode {
    BAD_REQUEST(400, "Bad Request"),
    REGION_REQUIRED(400, "Region Required"),
    UNKNOWN_REGION(400, "Unknown Region"),
    ORIGIN_NOT_ALLOWED(403, "Origin Not Allowed"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    PAYLOAD_TOO_LARGE(413, "Payload Too Large"),
    REGION_MISMATCH(421, "Region Mismatch"),
    INTERNAL_ERROR(500, "Internal Server Error"),
    UPSTREAM_ERROR(502, "Bad Gateway"),
    REGION_UNAVAILABLE(503, "Region Unavailable"),
    OVERLOADED(503, "Overloaded"),
    UPSTREAM_TIMEOUT(504, "Upstream Timeout");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The snake_case code, for example {@code region_required}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String type() {
        return "urn:threshold:problem:" + code();
    }
}
