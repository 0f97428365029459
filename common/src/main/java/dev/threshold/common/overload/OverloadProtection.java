package dev.threshold.common.overload;

import dev.threshold.common.problem.ProblemMessages;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Puts the {@link InFlightLimiter} in front of everything on a service's public port
 * ({@code threshold.overload.max-in-flight}; the management port, with health and metrics, has its own router and
 * is never limited). Metrics: {@code threshold_overload_rejected_total}, {@code threshold_in_flight_requests}.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class OverloadProtection {

    private static final Logger LOG = Logger.getLogger(OverloadProtection.class);

    private final InFlightLimiter limiter;

    public OverloadProtection(OverloadConfig config, ProblemMessages messages, MeterRegistry registry) {
        this.limiter = new InFlightLimiter(config.maxInFlight(), messages);
        FunctionCounter.builder("threshold.overload.rejected", limiter, InFlightLimiter::rejected)
                .description("Requests answered 503 overloaded because max-in-flight requests were in progress")
                .register(registry);
        Gauge.builder("threshold.in.flight.requests", limiter, InFlightLimiter::inFlight)
                .description("Requests this service is working on").register(registry);
    }

    void register(@Observes Router router) {
        // before Quarkus' own routes (body handling, authentication) and the REST endpoints
        router.route().order(Integer.MIN_VALUE).handler(limiter);
        LOG.debugf("at most %d requests in flight (threshold.overload.max-in-flight)", limiter.max());
    }

    public InFlightLimiter limiter() {
        return limiter;
    }
}
