package dev.threshold.gateway.overload;

import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import dev.threshold.http.InFlightLimitHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Bounds the requests the gateway works on at once ({@code threshold.gateway.overload.max-in-flight}). One more is
 * answered {@code 503 overloaded} with {@code Retry-After: 1} at once, before a region is decided or a connection
 * asked for: under overload the requests that are admitted keep their latency, and the others learn at once to come
 * back later instead of waiting in a queue that only grows. A request counts until its response has ended or its
 * connection closed. The counting is http-support's {@link InFlightLimitHandler}, which every service runs too
 * (through common); the answer is the gateway's own problem document.
 */
@Singleton
public class InFlightLimit implements Handler<RoutingContext> {

    private final InFlightLimitHandler limit;

    public InFlightLimit(GatewayConfig config, Problems problems, MeterRegistry registry) {
        this.limit = new InFlightLimitHandler(config.overload().maxInFlight(), rc -> {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Overload.RETRY_AFTER_SECONDS);
            problems.send(rc, ProblemCode.OVERLOADED);
        });
        FunctionCounter.builder("threshold.gateway.overload.rejected", limit, InFlightLimitHandler::rejected)
                .description("Requests answered 503 overloaded because max-in-flight requests were in progress")
                .register(registry);
        Gauge.builder("threshold.gateway.in.flight", limit, InFlightLimitHandler::inFlight)
                .description("Requests the gateway is working on").register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        limit.handle(rc);
    }

    /** Requests in progress now. */
    public int inFlight() {
        return limit.inFlight();
    }
}
