package dev.threshold.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The region table for the whole test suite (one Quarkus boot): the 17 regions of the reference platform, each with
 * three fake services on their own random ports, plus two broken regions. A fake service answers with JSON saying
 * who it is and what it received, so a test can see where the gateway sent a request and what it added.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    /** Code to display name, in display order. */
    public static final Map<String, String> REGIONS = regions();

    /** A region whose services refuse connections (nothing listens on the port). */
    public static final String REFUSING_REGION = "zz-refusing-1";

    /** A region whose services never accept a connection (the listen queue is full). */
    public static final String STALLED_REGION = "zz-stalled-1";

    public static final String ALLOWED_ORIGIN = "https://app.threshold.test";
    public static final long CONNECT_TIMEOUT_MILLIS = 500;
    public static final long RESPONSE_TIMEOUT_MILLIS = 1500;

    /** Paths the fake services treat specially: any path ending in /echo-body streams the body back. */
    public static final String ECHO_BODY_PATH = "/api/v2/echo-body";
    private static final String ECHO_BODY_SUFFIX = "/echo-body";
    public static final String SILENT_PATH = "/api/v2/silent";
    /** Held unanswered until {@link #HOLD_RELEASE_PATH} is called on any fake service; {@link #HOLD_COUNT_PATH} counts them. */
    public static final String HOLD_PATH = "/api/v2/hold";
    public static final String HOLD_RELEASE_PATH = "/hold/release";
    public static final String HOLD_COUNT_PATH = "/hold/count";

    private final java.util.Queue<io.vertx.core.http.HttpServerResponse> held =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private Vertx vertx;
    private ServerSocket stalled;
    private final List<Socket> backlogFillers = new ArrayList<>();

    private static Map<String, String> regions() {
        Map<String, String> regions = new LinkedHashMap<>();
        regions.put("us-east-1", "US East (N. Virginia)");
        regions.put("us-east-2", "US East (Ohio)");
        regions.put("us-west-2", "US West (Oregon)");
        regions.put("ca-central-1", "Canada (Central)");
        regions.put("sa-east-1", "South America (São Paulo)");
        regions.put("mx-central-1", "Mexico (Central)");
        regions.put("eu-west-1", "Europe (Ireland)");
        regions.put("eu-west-2", "Europe (London)");
        regions.put("eu-central-1", "Europe (Frankfurt)");
        regions.put("eu-central-2", "Europe (Zurich)");
        regions.put("me-central-1", "Middle East (UAE)");
        regions.put("ap-south-1", "Asia Pacific (Mumbai)");
        regions.put("ap-northeast-1", "Asia Pacific (Tokyo)");
        regions.put("ap-northeast-2", "Asia Pacific (Seoul)");
        regions.put("ap-northeast-3", "Asia Pacific (Osaka)");
        regions.put("ap-southeast-1", "Asia Pacific (Singapore)");
        regions.put("ap-southeast-2", "Asia Pacific (Sydney)");
        return Collections.unmodifiableMap(regions);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        int order = 1;
        for (Map.Entry<String, String> region : REGIONS.entrySet()) {
            String prefix = "threshold.gateway.regions." + region.getKey() + ".";
            config.put(prefix + "name", region.getValue());
            config.put(prefix + "order", Integer.toString(order++));
            for (String service : List.of("identity", "mfa", "invitation")) {
                config.put(prefix + service, "http://127.0.0.1:" + listen(region.getKey(), service));
            }
        }
        int refusingPort = closedPort();
        int stalledPort = stalledPort();
        for (String service : List.of("identity", "mfa", "invitation")) {
            config.put("threshold.gateway.regions." + REFUSING_REGION + "." + service, "http://127.0.0.1:" + refusingPort);
            config.put("threshold.gateway.regions." + STALLED_REGION + "." + service, "http://127.0.0.1:" + stalledPort);
        }
        config.put("threshold.gateway.regions." + REFUSING_REGION + ".name", "Test: refuses connections");
        config.put("threshold.gateway.regions." + STALLED_REGION + ".name", "Test: never accepts");
        config.put("threshold.gateway.cors.origins", ALLOWED_ORIGIN + ",http://localhost:5173");
        config.put("threshold.gateway.upstream.connect-timeout", CONNECT_TIMEOUT_MILLIS + "ms");
        config.put("threshold.gateway.upstream.response-timeout", RESPONSE_TIMEOUT_MILLIS + "ms");
        return config;
    }

    @Override
    public void stop() {
        for (Socket socket : backlogFillers) {
            closeQuietly(socket);
        }
        closeQuietly(stalled);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private int listen(String region, String service) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(region, service, request));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS).join().actualPort();
    }

    private void answer(String region, String service, HttpServerRequest request) {
        if (request.path().equals(HOLD_RELEASE_PATH)) {
            io.vertx.core.http.HttpServerResponse waiting;
            int released = 0;
            while ((waiting = held.poll()) != null) {
                waiting.putHeader("Content-Type", "text/plain").end("released");
                released++;
            }
            request.response().end(Integer.toString(released));
            return;
        }
        if (request.path().equals(HOLD_COUNT_PATH)) {
            request.response().end(Integer.toString(held.size()));
            return;
        }
        if (request.path().equals(HOLD_PATH)) {
            held.add(request.response());
            return;
        }
        echo(region, service, request);
    }

    private static void echo(String region, String service, HttpServerRequest request) {
        // Both are things the gateway must not pass on to its clients as they are.
        request.response()
                .putHeader("X-Request-Id", "upstream-made-this-up")
                .putHeader("Access-Control-Allow-Origin", "*");
        if (request.path().endsWith(ECHO_BODY_SUFFIX)) {
            request.response().setChunked(true)
                    .putHeader("Content-Type", "application/octet-stream")
                    .putHeader("X-Upstream", region + "/" + service);
            request.pipeTo(request.response());
            return;
        }
        if (request.path().endsWith(SILENT_PATH)) {
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject echo = new JsonObject()
                    .put("region", region)
                    .put("service", service)
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("requestId", request.getHeader("X-Request-Id"))
                    .put("xForwardedFor", request.getHeader("X-Forwarded-For"))
                    .put("xForwardedProto", request.getHeader("X-Forwarded-Proto"))
                    .put("xForwardedHost", request.getHeader("X-Forwarded-Host"))
                    .put("xForwardedForCount", request.headers().getAll("X-Forwarded-For").size())
                    .put("forwarded", request.getHeader("Forwarded"))
                    .put("xRealIp", request.getHeader("X-Real-IP"))
                    .put("host", request.getHeader("Host"))
                    .put("origin", request.getHeader("Origin"))
                    .put("bodyLength", body.length());
            request.response().putHeader("Content-Type", "application/json").end(echo.encode());
        });
    }

    /** A port nothing listens on: connecting to it is refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port that is listened on but never accepted from, with its accept queue filled: further connection attempts
     * get no answer at all, which is what an unreachable host looks like.
     */
    private int stalledPort() {
        try {
            stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), stalled.getLocalPort());
            for (int i = 0; i < 16; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(address, 200);
                    backlogFillers.add(filler);
                } catch (SocketTimeoutException queueFull) {
                    closeQuietly(filler);
                    return stalled.getLocalPort();
                }
            }
            throw new IllegalStateException("could not fill the accept queue of a listening socket");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }
}
