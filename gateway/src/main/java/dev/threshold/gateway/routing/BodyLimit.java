package dev.threshold.gateway.routing;

import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over the services' limit before a byte goes upstream. Without it the service
 * answers 413 and closes the connection while the proxy is still streaming, which the client sees as a
 * 502. A chunked body without a length is left to the service's own limit.
 */
@Singleton
public class BodyLimit implements Handler<RoutingContext> {

    private final long maxBytes;
    private final Problems problems;

    public BodyLimit(@ConfigProperty(name = "threshold.gateway.max-body-bytes", defaultValue = "10485760") long maxBytes,
            Problems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceeds(length)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            problems.send(rc, ProblemCode.PAYLOAD_TOO_LARGE);
            return;
        }
        rc.next();
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
