package dev.threshold.gateway.accesslog;

import dev.threshold.gateway.requestid.RequestIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One line per request: method, path, status, region, service, duration. Never the query string: it carries
 * invitation tokens and SSO codes. The line is written by {@link AccessLogWriter} on its own thread; the routed
 * request's timer ({@code threshold_gateway_upstream_requests_seconds}) is recorded here, with timers kept per
 * region, service and status instead of being looked up anew for every request.
 */
@Singleton
public class AccessLogHandler implements Handler<RoutingContext> {

    /** Routing context keys the proxy fills in once it has decided. */
    public static final String REGION = "threshold.region";
    public static final String SERVICE = "threshold.service";

    private static final String NONE = "-";

    private record TimerKey(String region, String service, int status) {
    }

    private final MeterRegistry registry;
    private final AccessLogWriter writer;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public AccessLogHandler(MeterRegistry registry, AccessLogWriter writer) {
        this.registry = registry;
        this.writer = writer;
    }

    @Override
    public void handle(RoutingContext rc) {
        rc.addEndHandler(new Line(rc, System.nanoTime()));
        rc.next();
    }

    private Timer timer(String region, String service, int status) {
        TimerKey key = new TimerKey(region, service, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("threshold.gateway.upstream.requests")
                    .description("Requests the gateway routed to a region's service")
                    .tag("region", k.region())
                    .tag("service", k.service())
                    .tag("status", Integer.toString(k.status()))
                    .register(registry));
        }
        return timer;
    }

    private static String valueOr(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** Runs once when the response has ended or the connection closed. */
    private final class Line implements Handler<AsyncResult<Void>> {

        private final RoutingContext rc;
        private final long start;
        private boolean done;

        Line(RoutingContext rc, long start) {
            this.rc = rc;
            this.start = start;
        }

        @Override
        public void handle(AsyncResult<Void> ended) {
            if (done) {
                return;
            }
            done = true;
            long nanos = System.nanoTime() - start;
            int status = rc.response().getStatusCode();
            Object region = rc.get(REGION);
            Object service = rc.get(SERVICE);
            if (region != null) {
                timer(region.toString(), valueOr(service), status).record(nanos, TimeUnit.NANOSECONDS);
            }
            if (writer.enabled()) {
                writer.write(new AccessLogWriter.Entry(rc.request().method().name(), rc.request().path(), status,
                        valueOr(region), valueOr(service), nanos, RequestIds.of(rc), ended.succeeded()));
            }
        }
    }
}
