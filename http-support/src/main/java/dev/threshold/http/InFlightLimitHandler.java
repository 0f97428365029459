package dev.threshold.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the requests a Vert.x router works on at once: put first on the router, it hands a
 * request beyond {@code max} in progress to the refusal at once (which answers
 * {@code 503 overloaded} with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}, in the words of
 * whoever uses it), before anything else is done for it, so that the admitted requests keep their
 * latency and no queue grows behind them. An admitted request counts until its response has ended
 * or its connection closed, whichever comes first, and gives its slot back exactly once.
 * {@code max <= 0} admits everything.
 *
 * <p>The gateway ({@code InFlightLimit}) and every service (common's {@code InFlightLimiter})
 * shed load with it.
 */
public final class InFlightLimitHandler implements Handler<RoutingContext> {

    /** What {@code 503 overloaded} asks a client to wait, in seconds. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final int max;
    private final Handler<RoutingContext> refusal;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param max     requests in progress at the most; {@code <= 0}: no limit
     * @param refusal answers a request that is refused (it must end the response)
     */
    public InFlightLimitHandler(int max, Handler<RoutingContext> refusal) {
        this.max = max;
        this.refusal = refusal;
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
            refusal.handle(rc);
            return;
        }
        rc.addEndHandler(new Release());
        rc.next();
    }

    /** Requests in progress now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests refused so far. */
    public long rejected() {
        return rejected.sum();
    }

    public int max() {
        return max;
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
