package dev.threshold.gateway.routing;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.impl.ContextInternal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pooled, keep-alive {@link HttpClient} per Vert.x event loop, all made at start-up. A request is forwarded with
 * the client of the event loop it arrived on, and a client opens its connections on the event loop of the request
 * that needed them, so a proxied exchange never leaves its thread: one shared client would hand out connections of
 * other event loops, and every request and response would then hop threads (a task queue and a selector wake-up
 * each way), which was the largest single cost of the gateway before.
 */
final class UpstreamClients {

    private final Map<EventExecutor, HttpClient> byLoop;
    private final HttpClient fallback;
    private final List<HttpClient> all = new ArrayList<>();
    private final int connectionsPerLoop;

    /**
     * @param maxConnections most connections to one upstream host and port, spread over the event loops (each
     *                       loop's pool gets its share, at least one)
     * @param maxWaiting     most requests waiting for a connection to one upstream, per event loop; beyond it a
     *                       request fails at once ({@code ConnectionPoolTooBusyException})
     */
    UpstreamClients(Vertx vertx, HttpClientOptions options, int maxConnections, int maxWaiting) {
        List<EventExecutor> loops = new ArrayList<>();
        vertx.nettyEventLoopGroup().forEach(loops::add);
        this.connectionsPerLoop = Math.max(1, (maxConnections + loops.size() - 1) / Math.max(1, loops.size()));
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(connectionsPerLoop).setMaxWaitQueueSize(maxWaiting);
        Map<EventExecutor, HttpClient> clients = new IdentityHashMap<>();
        for (EventExecutor loop : loops) {
            HttpClient client = vertx.createHttpClient(options, pool);
            clients.put(loop, client);
            all.add(client);
        }
        this.byLoop = clients;
        this.fallback = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connectionsPerLoop)
                .setMaxWaitQueueSize(maxWaiting));
        all.add(fallback);
    }

    /** The client of the calling event loop (the request's); another thread gets a shared fallback client. */
    HttpClient current() {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal) {
            HttpClient client = byLoop.get(internal.nettyEventLoop());
            if (client != null) {
                return client;
            }
        }
        return fallback;
    }

    int connectionsPerLoop() {
        return connectionsPerLoop;
    }

    int loops() {
        return byLoop.size();
    }

    void close() {
        all.forEach(HttpClient::close);
    }
}
