package dev.threshold.gateway.overload;

import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests the gateway works on at once ({@code threshold.gateway.overload.max-in-flight}). One more is
 * answered {@code 503 overloaded} with {@code Retry-After: 1} at once, before a region is decided or a connection
 * asked for: under overload the requests that are admitted keep their latency, and the others learn at once to come
 * back later instead of waiting in a queue that only grows. A request counts until its response has ended or its
 * connection closed.
 */
@Singleton
public class InFlightLimit implements Handler<RoutingContext> {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejected;
    private final Problems problems;

    public InFlightLimit(GatewayConfig config, Problems problems, MeterRegistry registry) {
        this.max = config.overload().maxInFlight();
        this.problems = problems;
        this.rejected = Counter.builder("threshold.gateway.overload.rejected")
                .description("Requests answered 503 overloaded because max-in-flight requests were in progress")
                .register(registry);
        Gauge.builder("threshold.gateway.in.flight", inFlight, AtomicInteger::get)
                .description("Requests the gateway is working on").register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (max <= 0) {
            rc.next();
            return;
        }
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            rejected.increment();
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Overload.RETRY_AFTER_SECONDS);
            problems.send(rc, ProblemCode.OVERLOADED);
            return;
        }
        rc.addEndHandler(new Release());
        rc.next();
    }

    /** Requests in progress now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Gives the slot back once, however the exchange ended. */
    private final class Release implements Handler<AsyncResult<Void>> {

        private boolean released;

        @Override
        public void handle(AsyncResult<Void> ended) {
            if (!released) {
                released = true;
                inFlight.decrementAndGet();
            }
        }
    }
}
