package dev.threshold.gateway.routing;

import dev.threshold.gateway.accesslog.AccessLogHandler;
import dev.threshold.gateway.problem.Problems;
import dev.threshold.gateway.region.RegionResolver;
import dev.threshold.gateway.region.RegionResolver.Decision;
import dev.threshold.gateway.region.RegionResolver.Refused;
import dev.threshold.gateway.region.RegionResolver.Routed;
import dev.threshold.gateway.region.Service;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/** For the proxied prefixes: region first, then service by path, then stream it through. */
@Singleton
public class ProxyHandler implements Handler<RoutingContext> {

    static final String REGION_HEADER = "X-Region";
    static final String REGION_PARAMETER = "region";

    private final RegionResolver resolver;
    private final UpstreamProxy proxy;
    private final Problems problems;

    public ProxyHandler(RegionResolver resolver, UpstreamProxy proxy, Problems problems) {
        this.resolver = resolver;
        this.proxy = proxy;
        this.problems = problems;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Decision decision = resolver.decide(request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader(REGION_HEADER), QueryParameters.first(request.query(), REGION_PARAMETER));
        if (decision instanceof Refused refused) {
            problems.send(rc, refused.problem());
            return;
        }
        Routed routed = (Routed) decision;
        Service service = ServiceRoutes.serviceFor(rc.normalizedPath());
        rc.put(AccessLogHandler.REGION, routed.region().code());
        rc.put(AccessLogHandler.SERVICE, service.key());
        proxy.forward(rc, routed.region(), service);
    }
}
