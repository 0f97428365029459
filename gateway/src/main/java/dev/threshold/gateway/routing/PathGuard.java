package dev.threshold.gateway.routing;

import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * Refuses paths that could climb out of a proxied prefix once an upstream decodes or normalizes them, for example
 * {@code /api/v2/..%2finternal/x} or {@code /oauth/%2e%2e/q/metrics}. The proxy forwards the raw path, so checking
 * the raw path here is what keeps {@code /internal/**} and {@code /q/**} of the services out of reach. No
 * legitimate client needs dot segments, encoded dots, slashes or backslashes, double encoding or NUL in a path.
 */
@Singleton
public class PathGuard implements Handler<RoutingContext> {

    private static final String[] FORBIDDEN = {"..", "%2e", "%2f", "%5c", "\\", "%25", "%00"};

    private final Problems problems;

    public PathGuard(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext rc) {
        if (isSuspicious(rc.request().path())) {
            problems.send(rc, ProblemCode.NOT_FOUND);
            return;
        }
        rc.next();
    }

    static boolean isSuspicious(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return true;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String forbidden : FORBIDDEN) {
            if (lower.contains(forbidden)) {
                return true;
            }
        }
        return false;
    }
}
