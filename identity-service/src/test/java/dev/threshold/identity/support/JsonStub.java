package dev.threshold.identity.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A stand-in for another service of the region in module tests: a JDK HTTP server on a free
 * loopback port that answers JSON (problems as {@code application/problem+json}); the app's REST
 * client named by {@code urlProperty} is pointed at it.
 */
public abstract class JsonStub implements QuarkusTestResourceLifecycleManager {

    /** The token of {@code Authorization: Internal ...} between the services of a region, as the test profile sets it. */
    static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final String urlProperty;
    private HttpServer server;

    JsonStub(String urlProperty) {
        this.urlProperty = urlProperty;
    }

    /** Registers the stub's paths. */
    abstract void routes(HttpServer server);

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routes(server);
        server.start();
        return Map.of(urlProperty, "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    /** True when the request carries the internal token; otherwise it has been answered 401 internal_token_required. */
    static boolean fromInternalCaller(HttpExchange exchange) throws IOException {
        if (("Internal " + INTERNAL_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        send(exchange, 401, Map.of("code", "internal_token_required"));
        return false;
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
