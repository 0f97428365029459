package dev.threshold.gateway.routing;

import dev.threshold.gateway.client.ClientAddresses;
import dev.threshold.gateway.client.ClientOrigin;
import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import dev.threshold.gateway.region.Region;
import dev.threshold.gateway.region.Service;
import dev.threshold.gateway.region.Upstream;
import dev.threshold.gateway.requestid.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Streams a request to one service of one region and the answer back, on Quarkus' own Vert.x. Bodies are piped,
 * never buffered. Failures that happen before the upstream answered become problems: no connection in time is
 * {@code 503 region_unavailable}, a silent upstream {@code 504 upstream_timeout}, anything else
 * {@code 502 upstream_error}.
 */
@Singleton
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);
    private static final ProxyOptions PROXY_OPTIONS = new ProxyOptions().setSupportWebSocket(false);
    /** What a client could write to pose as another address or origin; the gateway's own values replace them. */
    private static final String[] CLIENT_CLAIMS = {"Forwarded", "X-Real-IP", "X-Client-IP", "X-Forwarded-Port",
        "X-Forwarded-Prefix", "X-Forwarded-Server", "True-Client-IP", "CF-Connecting-IP"};

    private final HttpClient client;
    private final long connectTimeoutMillis;
    private final long responseTimeoutMillis;
    private final Problems problems;
    private final ClientAddresses clients;

    public UpstreamProxy(Vertx vertx, GatewayConfig config, Problems problems, ClientAddresses clients) {
        GatewayConfig.Upstream upstream = config.upstream();
        this.connectTimeoutMillis = Math.max(1, upstream.connectTimeout().toMillis());
        this.responseTimeoutMillis = Math.max(1, upstream.responseTimeout().toMillis());
        this.problems = problems;
        this.clients = clients;
        HttpClientOptions options = new HttpClientOptions()
                .setName("threshold-gateway-upstream")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, upstream.idleTimeout().toSeconds()));
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(upstream.maxConnections());
        this.client = vertx.createHttpClient(options, pool);
    }

    void close(@Observes ShutdownEvent shutdown) {
        client.close();
    }

    /** Hands the request to the region's service; the response (or a problem) is written to the client. */
    public void forward(RoutingContext rc, Region region, Service service) {
        Upstream upstream = region.upstream(service);
        HttpServerRequest request = rc.request();
        String query = request.query();
        String uri = upstream.basePath() + request.path() + (query == null ? "" : "?" + query);
        HttpProxy.reverseProxy(PROXY_OPTIONS, client)
                .origin(context -> connect(upstream))
                .addInterceptor(new Forwarding(rc, region, service, uri))
                .handle(request);
    }

    private Future<HttpClientRequest> connect(Upstream upstream) {
        RequestOptions options = new RequestOptions()
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(responseTimeoutMillis);
        return client.request(options)
                .recover(cause -> Future.failedFuture(new RegionUnavailableException(upstream, cause)));
    }

    /** Adds what the upstream needs to know about the original request, and turns failures into problems. */
    private final class Forwarding implements ProxyInterceptor {

        private final RoutingContext rc;
        private final Region region;
        private final Service service;
        private final String uri;

        Forwarding(RoutingContext rc, Region region, Service service, String uri) {
            this.rc = rc;
            this.region = region;
            this.service = service;
            this.uri = uri;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            context.request().setURI(uri);
            MultiMap headers = context.request().headers();
            headers.set(RequestIds.HEADER, RequestIds.of(rc));
            // Exactly one address, decided by the gateway: services believe X-Forwarded-For because only the gateway
            // writes it (never what a client sent, never a chain a service would have to interpret).
            ClientOrigin origin = clients.of(rc);
            for (String claim : CLIENT_CLAIMS) {
                headers.remove(claim);
            }
            if (origin.address() != null) {
                headers.set(ClientAddresses.X_FORWARDED_FOR, origin.address());
            } else {
                headers.remove(ClientAddresses.X_FORWARDED_FOR);
            }
            headers.set(ClientAddresses.X_FORWARDED_PROTO, origin.proto());
            if (origin.host() != null) {
                headers.set(ClientAddresses.X_FORWARDED_HOST, origin.host());
            } else {
                headers.remove(ClientAddresses.X_FORWARDED_HOST);
            }
            return context.sendRequest().recover(failure -> Future.succeededFuture(problem(context, failure)));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            MultiMap headers = context.response().headers();
            // The gateway owns the request id and the CORS policy; an upstream's own would duplicate or contradict them.
            headers.remove(RequestIds.HEADER);
            List<String> cors = headers.names().stream()
                    .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
                    .collect(Collectors.toList());
            cors.forEach(headers::remove);
            return context.sendResponse();
        }

        private ProxyResponse problem(ProxyContext context, Throwable failure) {
            ProblemCode code;
            if (failure instanceof RegionUnavailableException) {
                code = ProblemCode.REGION_UNAVAILABLE;
            } else if (failure instanceof TimeoutException) {
                code = ProblemCode.UPSTREAM_TIMEOUT;
            } else {
                code = ProblemCode.UPSTREAM_ERROR;
            }
            LOG.warnf("%s %s: %s of region %s failed (%s): %s", rc.request().method().name(), rc.request().path(),
                    service.key(), region.code(), code.code(), failure.getMessage());
            Problems.Rendered problem = problems.render(code, rc);
            return context.request().release().response()
                    .setStatusCode(code.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
                    .putHeader(HttpHeaders.CONTENT_LANGUAGE, problem.locale().toLanguageTag())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .setBody(Body.body(problem.body()));
        }
    }
}
