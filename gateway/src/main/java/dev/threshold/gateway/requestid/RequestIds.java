package dev.threshold.gateway.requestid;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id rules: a caller's id is kept only when it is short and harmless in logs and headers. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String CONTEXT_KEY = "threshold.requestId";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {
    }

    /** The incoming id if it is acceptable, otherwise a fresh random UUID. */
    public static String acceptOrGenerate(String incoming) {
        if (incoming != null && ACCEPTED.matcher(incoming).matches()) {
            return incoming;
        }
        return UUID.randomUUID().toString();
    }

    /** The id of this request, or null before {@link RequestIdHandler} ran. */
    public static String of(RoutingContext rc) {
        return rc.get(CONTEXT_KEY);
    }
}
