package dev.threshold.gateway.accesslog;

import dev.threshold.gateway.requestid.RequestIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.concurrent.TimeUnit;

/**
 * One line per request: method, path, status, region, service, duration. Never the query string: it carries
 * invitation tokens and SSO codes.
 */
@Singleton
public class AccessLogHandler implements Handler<RoutingContext> {

    /** Routing context keys the proxy fills in once it has decided. */
    public static final String REGION = "threshold.region";
    public static final String SERVICE = "threshold.service";

    private static final Logger LOG = Logger.getLogger("dev.threshold.gateway.access");
    private static final String NONE = "-";

    private final MeterRegistry registry;

    public AccessLogHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        String method = rc.request().method().name();
        String path = rc.request().path();
        rc.addEndHandler(done -> {
            long nanos = System.nanoTime() - start;
            int status = rc.response().getStatusCode();
            String region = valueOr(rc.get(REGION));
            String service = valueOr(rc.get(SERVICE));
            String requestId = RequestIds.of(rc);
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            String outcome = done.succeeded() ? "" : " (connection closed before the response ended)";
            LOG.infof("%s %s %d region=%s service=%s %dms%s", method, path, status, region, service,
                    TimeUnit.NANOSECONDS.toMillis(nanos), outcome);
            if (!NONE.equals(region)) {
                Timer.builder("threshold.gateway.upstream.requests")
                        .description("Requests the gateway routed to a region's service")
                        .tag("region", region)
                        .tag("service", service)
                        .tag("status", Integer.toString(status))
                        .register(registry)
                        .record(nanos, TimeUnit.NANOSECONDS);
            }
            MDC.remove(RequestIds.MDC_KEY);
        });
        rc.next();
    }

    private static String valueOr(Object value) {
        return value == null ? NONE : value.toString();
    }
}
