package dev.threshold.gateway.routing;

import dev.threshold.gateway.client.ClientAddresses;
import dev.threshold.gateway.client.ClientOrigin;
import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.overload.Overload;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import dev.threshold.gateway.region.Region;
import dev.threshold.gateway.region.Service;
import dev.threshold.gateway.region.Upstream;
import dev.threshold.gateway.requestid.RequestIds;
import io.netty.util.AsciiString;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Streams a request to one service of one region and the answer back, on Quarkus' own Vert.x, without leaving the
 * event loop the request arrived on ({@link UpstreamClients}). Headers are copied once in each direction, bodies are
 * piped, never buffered. Failures that happen before the upstream answered become problems: no connection in time
 * is {@code 503 region_unavailable}, too many requests already waiting for one {@code 503 overloaded}, a silent
 * upstream {@code 504 upstream_timeout}, anything else {@code 502 upstream_error}.
 */
@Singleton
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    static final AsciiString X_REQUEST_ID = AsciiString.cached(RequestIds.HEADER);
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached(ClientAddresses.X_FORWARDED_FOR);
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached(ClientAddresses.X_FORWARDED_PROTO);
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached(ClientAddresses.X_FORWARDED_HOST);
    static final AsciiString DATE = AsciiString.cached("date");
    static final AsciiString HTTP = AsciiString.cached("http");
    static final AsciiString HTTPS = AsciiString.cached("https");

    private final UpstreamClients clients;
    private final long connectTimeoutMillis;
    private final long responseTimeoutMillis;
    private final Problems problems;
    private final ClientAddresses addresses;

    public UpstreamProxy(Vertx vertx, GatewayConfig config, Problems problems, ClientAddresses addresses) {
        GatewayConfig.Upstream upstream = config.upstream();
        this.connectTimeoutMillis = Math.max(1, upstream.connectTimeout().toMillis());
        this.responseTimeoutMillis = Math.max(1, upstream.responseTimeout().toMillis());
        this.problems = problems;
        this.addresses = addresses;
        HttpClientOptions options = new HttpClientOptions()
                .setName("threshold-gateway-upstream")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, upstream.idleTimeout().toSeconds()))
                .setTcpNoDelay(true)
                .setDecompressionSupported(false);
        this.clients = new UpstreamClients(vertx, options, upstream.maxConnections(), upstream.maxWaiting());
        LOG.debugf("upstream pools: %d event loops, %d connections per upstream each", clients.loops(),
                clients.connectionsPerLoop());
    }

    void close(@Observes ShutdownEvent shutdown) {
        clients.close();
    }

    /** Hands the request to the region's service; the response (or a problem) is written to the client. */
    public void forward(RoutingContext rc, Region region, Service service) {
        HttpServerRequest request = rc.request();
        // nothing of the body may be lost while a connection is found: it is read again once piped upstream
        request.pause();
        Upstream upstream = region.upstream(service);
        String query = request.query();
        String path = upstream.basePath().isEmpty() ? request.path() : upstream.basePath() + request.path();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.ssl())
                .setURI(query == null ? path : path + "?" + query)
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(responseTimeoutMillis);
        clients.current().request(options).onComplete(ar -> {
            if (ar.failed()) {
                fail(rc, region, service, ar.cause(), true);
            } else {
                send(rc, region, service, ar.result());
            }
        });
    }

    private void send(RoutingContext rc, Region region, Service service, HttpClientRequest upstream) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = request.response();
        copyRequestHeaders(request.headers(), upstream.headers());
        MultiMap out = upstream.headers();
        out.set(X_REQUEST_ID, RequestIds.of(rc));
        // Exactly one address, decided by the gateway: services believe X-Forwarded-For because only the gateway
        // writes it (never what a client sent, never a chain a service would have to interpret).
        ClientOrigin origin = addresses.of(rc);
        if (origin.address() != null) {
            out.set(X_FORWARDED_FOR, origin.address());
        }
        out.set(X_FORWARDED_PROTO, origin.https() ? HTTPS : HTTP);
        if (origin.host() != null) {
            out.set(X_FORWARDED_HOST, origin.host());
        }
        // A client that goes away takes the upstream exchange with it. (Not the response's exceptionHandler: that one
        // is Vert.x Web's, which ends the request's end handlers, the in-flight limit's included, on a closed
        // connection.)
        rc.addEndHandler(ended -> {
            if (ended.failed()) {
                upstream.reset(0, ended.cause());
            }
        });
        upstream.response().onComplete(ar -> {
            if (ar.failed()) {
                fail(rc, region, service, ar.cause(), false);
            } else {
                respond(rc, upstream, ar.result());
            }
        });
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = isChunked(request.headers());
        if (length == null && !chunked) {
            // no body: the request is complete already
            upstream.end();
            request.resume();
        } else {
            if (chunked && length == null) {
                upstream.setChunked(true);
            }
            request.pipe().endOnComplete(true).endOnFailure(false).to(upstream, piped -> {
                if (piped.failed()) {
                    upstream.reset();
                }
            });
        }
    }

    private void respond(RoutingContext rc, HttpClientRequest upstream, HttpClientResponse answer) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            upstream.reset();
            return;
        }
        answer.pause();
        response.setStatusCode(answer.statusCode());
        String message = answer.statusMessage();
        if (message != null) {
            response.setStatusMessage(message);
        }
        MultiMap headers = response.headers();
        copyResponseHeaders(answer.headers(), headers);
        if (!headers.contains(DATE)) {
            headers.set(DATE, HttpDate.now());
        }
        if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            if (request.version() == HttpVersion.HTTP_1_0) {
                // an HTTP/1.0 client cannot take a chunked body: it gets the whole body with a length
                answer.body().onComplete(body -> {
                    if (body.succeeded()) {
                        response.end(body.result());
                    } else {
                        response.reset();
                    }
                });
                answer.resume();
                return;
            }
            response.setChunked(true);
        }
        // Piped by hand rather than with a Pipe, which would take over the response's exceptionHandler (see above).
        answer.exceptionHandler(failure -> {
            upstream.reset();
            response.reset();
        });
        answer.endHandler(ignored -> {
            if (!response.closed()) {
                response.end();
            }
        });
        answer.handler(chunk -> {
            if (response.closed()) {
                upstream.reset();
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
                response.drainHandler(drained -> answer.resume());
            }
        });
        answer.resume();
    }

    private void fail(RoutingContext rc, Region region, Service service, Throwable failure, boolean beforeConnection) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = request.response();
        ProblemCode code;
        if (failure instanceof ConnectionPoolTooBusyException) {
            code = ProblemCode.OVERLOADED;
        } else if (beforeConnection) {
            code = ProblemCode.REGION_UNAVAILABLE;
        } else if (failure instanceof TimeoutException) {
            code = ProblemCode.UPSTREAM_TIMEOUT;
        } else {
            code = ProblemCode.UPSTREAM_ERROR;
        }
        LOG.warnf("%s %s: %s of region %s failed (%s): %s", request.method().name(), request.path(),
                service.key(), region.code(), code.code(), failure.getMessage());
        // the rest of the body, if any, is read and dropped
        request.resume();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (code == ProblemCode.OVERLOADED) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Overload.RETRY_AFTER_SECONDS);
        }
        problems.send(rc, code);
    }

    /** Request headers that stay at the gateway: hop-by-hop ones, Host, and what the gateway writes itself. */
    static boolean keepsRequestHeader(String name) {
        switch (name.length()) {
            case 2:
                return !name.equalsIgnoreCase("te");
            case 4:
                return !name.equalsIgnoreCase("host");
            case 7:
                return !name.equalsIgnoreCase("trailer") && !name.equalsIgnoreCase("upgrade");
            case 9:
                return !name.equalsIgnoreCase("forwarded") && !name.equalsIgnoreCase("x-real-ip");
            case 10:
                return !name.equalsIgnoreCase("connection") && !name.equalsIgnoreCase("keep-alive");
            case 11:
                return !name.equalsIgnoreCase("x-client-ip");
            case 12:
                return !name.equalsIgnoreCase("x-request-id");
            case 14:
                return !name.equalsIgnoreCase("true-client-ip");
            case 15:
                return !name.equalsIgnoreCase("x-forwarded-for");
            case 16:
                return !name.equalsIgnoreCase("x-forwarded-port") && !name.equalsIgnoreCase("x-forwarded-host")
                        && !name.equalsIgnoreCase("cf-connecting-ip");
            case 17:
                return !name.equalsIgnoreCase("transfer-encoding") && !name.equalsIgnoreCase("x-forwarded-proto");
            case 18:
                return !name.equalsIgnoreCase("proxy-authenticate") && !name.equalsIgnoreCase("x-forwarded-prefix")
                        && !name.equalsIgnoreCase("x-forwarded-server");
            case 19:
                return !name.equalsIgnoreCase("proxy-authorization");
            default:
                return true;
        }
    }

    /**
     * Response headers that stay upstream: hop-by-hop ones, and the request id and CORS headers, which are the
     * gateway's (an upstream's own would duplicate or contradict them).
     */
    static boolean keepsResponseHeader(String name) {
        if (name.length() > 15 && name.regionMatches(true, 0, "access-control-", 0, 15)) {
            return false;
        }
        switch (name.length()) {
            case 2:
                return !name.equalsIgnoreCase("te");
            case 7:
                return !name.equalsIgnoreCase("trailer") && !name.equalsIgnoreCase("upgrade");
            case 10:
                return !name.equalsIgnoreCase("connection") && !name.equalsIgnoreCase("keep-alive");
            case 12:
                return !name.equalsIgnoreCase("x-request-id");
            case 17:
                return !name.equalsIgnoreCase("transfer-encoding");
            default:
                return true;
        }
    }

    private static void copyRequestHeaders(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> header : from) {
            if (keepsRequestHeader(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    private static void copyResponseHeaders(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> header : from) {
            if (keepsResponseHeader(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    private static boolean isChunked(MultiMap headers) {
        String encoding = headers.get(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }
}
