package dev.threshold.gateway;

import dev.threshold.gateway.accesslog.AccessLogHandler;
import dev.threshold.gateway.cors.CorsHandler;
import dev.threshold.gateway.overload.InFlightLimit;
import dev.threshold.gateway.problem.ProblemHandlers;
import dev.threshold.gateway.region.RegionsHandler;
import dev.threshold.gateway.requestid.RequestIdHandler;
import dev.threshold.gateway.routing.BodyLimit;
import dev.threshold.gateway.routing.PathGuard;
import dev.threshold.gateway.routing.ProxyHandler;
import dev.threshold.gateway.webui.SecurityHeaders;
import dev.threshold.gateway.webui.WebUiHandler;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The whole request pipeline in one place, in the order it runs: request id, security headers, access log, path
 * guard (with the in-flight limit before it), CORS, then the gateway's own endpoint, the proxy or the web app (its routes and assets only). Everything
 * else is {@code 404 not_found}, {@code /q/*} included: health and metrics live on the management interface
 * ({@code quarkus.management.port}), which this router never serves.
 */
@Singleton
public class GatewayRoutes {

    /** Before Quarkus' own routes on the public port. */
    private static final int FIRST = -10_000;

    private final RequestIdHandler requestId;
    private final AccessLogHandler accessLog;
    private final PathGuard pathGuard;
    private final BodyLimit bodyLimit;
    private final CorsHandler cors;
    private final RegionsHandler regions;
    private final ProxyHandler proxy;
    private final ProblemHandlers problems;
    private final SecurityHeaders securityHeaders;
    private final WebUiHandler webUi;
    private final InFlightLimit overload;

    public GatewayRoutes(RequestIdHandler requestId, AccessLogHandler accessLog, PathGuard pathGuard, BodyLimit bodyLimit,
            CorsHandler cors, RegionsHandler regions, ProxyHandler proxy, ProblemHandlers problems,
            SecurityHeaders securityHeaders, WebUiHandler webUi, InFlightLimit overload) {
        this.requestId = requestId;
        this.accessLog = accessLog;
        this.pathGuard = pathGuard;
        this.bodyLimit = bodyLimit;
        this.cors = cors;
        this.regions = regions;
        this.proxy = proxy;
        this.problems = problems;
        this.securityHeaders = securityHeaders;
        this.webUi = webUi;
        this.overload = overload;
    }

    void register(@Observes Router router) {
        router.route().order(FIRST).handler(requestId);
        router.route().order(FIRST).handler(securityHeaders);
        router.route().order(FIRST + 1).handler(accessLog);
        router.route().order(FIRST + 1).handler(overload);
        router.route().order(FIRST + 2).handler(pathGuard);
        router.route().order(FIRST + 3).handler(cors);
        router.route().order(FIRST + 4).handler(bodyLimit);
        router.route().order(FIRST).failureHandler(problems::failure);

        router.route(RegionsHandler.PATH).order(FIRST + 10).handler(regions);
        router.route("/api/v2/*").order(FIRST + 11).handler(proxy);
        router.route("/oauth/*").order(FIRST + 12).handler(proxy);
        router.route("/.well-known/*").order(FIRST + 13).handler(proxy);
        webUi.register(router, FIRST + 20);

        router.errorHandler(404, problems::notFound);
        router.errorHandler(405, problems::methodNotAllowed);
    }
}
