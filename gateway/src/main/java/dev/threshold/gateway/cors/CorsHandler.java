package dev.threshold.gateway.cors;

import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for the configured SPA origins, with credentials (the refresh cookie). Preflights end here: the services never
 * see them, and they need no region. Other origins get no CORS headers at all, so browsers keep their responses
 * from scripts.
 */
@Singleton
public class CorsHandler implements Handler<RoutingContext> {

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Region, X-Requested-With, Idempotency-Key, "
            + "Accept-Language, X-Request-Id, X-MFA-Code";
    static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After, Location, Content-Disposition";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;
    private final Problems problems;

    public CorsHandler(GatewayConfig config, Problems problems) {
        this.origins = config.cors().origins().orElse(List.of()).stream()
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .map(CorsHandler::canonical)
                .collect(Collectors.toUnmodifiableSet());
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            rc.next();
            return;
        }
        MultiMap headers = rc.response().headers();
        headers.add(HttpHeaders.VARY, "Origin");
        boolean allowed = isAllowed(origin);
        if (request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            if (!allowed) {
                problems.send(rc, ProblemCode.ORIGIN_NOT_ALLOWED);
                return;
            }
            allowOrigin(headers, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                    .set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                    .set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS)
                    .add(HttpHeaders.VARY, "Access-Control-Request-Method, Access-Control-Request-Headers");
            rc.response().setStatusCode(204).end();
            return;
        }
        if (allowed) {
            allowOrigin(headers, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
        }
        rc.next();
    }

    boolean isAllowed(String origin) {
        return !origins.isEmpty() && origins.contains(canonical(origin));
    }

    private static void allowOrigin(MultiMap headers, String origin) {
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }

    /** Scheme and host are case-insensitive and the default port is implied, so compare origins canonically. */
    static String canonical(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    && !uri.getRawPath().equals("/")) {
                return origin.trim();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (Exception notAnOrigin) {
            return origin.trim();
        }
    }
}
