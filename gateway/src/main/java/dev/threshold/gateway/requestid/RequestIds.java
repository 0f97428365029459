package dev.threshold.gateway.requestid;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The request id rules: a caller's id is kept only when it is short and harmless in logs and headers. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String CONTEXT_KEY = "threshold.requestId";

    static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {
    }

    /** The incoming id if it is acceptable, otherwise a fresh random UUID. */
    public static String acceptOrGenerate(String incoming) {
        if (incoming != null && accepted(incoming)) {
            return incoming;
        }
        return randomUuid();
    }

    /** Same as {@link #ACCEPTED}, without a matcher per request. */
    static boolean accepted(String id) {
        int length = id.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: a request id only has to be unique, not unguessable, and
     * {@link UUID#randomUUID()} draws from the shared {@code SecureRandom} on every request.
     */
    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The id of this request, or null before {@link RequestIdHandler} ran. */
    public static String of(RoutingContext rc) {
        return rc.get(CONTEXT_KEY);
    }
}
