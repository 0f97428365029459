package dev.threshold.identity.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for mfa-service's internal {@code GET /internal/mfa/users/{userId}/enrolled?orgId=} in
 * module tests: mfa-service owns "this person has an active device", so tests say so here
 * ({@link #enroll}, {@link #reset}). {@link #mode} makes it fail the way a broken dependency does.
 */
public class MfaStub implements QuarkusTestResourceLifecycleManager {

    public enum Mode { UP, ERRORS, DROPS }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ENROLLED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile Mode mode = Mode.UP;
    private HttpServer server;

    public static void enroll(UUID orgId, UUID userId) {
        ENROLLED.add(orgId + "/" + userId);
    }

    public static void reset(UUID orgId, UUID userId) {
        ENROLLED.remove(orgId + "/" + userId);
    }

    public static void mode(Mode newMode) {
        mode = newMode;
    }

    public static int calls() {
        return CALLS.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/mfa/users/", this::enrolled);
        server.start();
        return Map.of("quarkus.rest-client.mfa.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void enrolled(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        switch (mode) {
            case ERRORS -> {
                send(exchange, 500, Map.of("code", "internal_error"));
                return;
            }
            case DROPS -> {
                exchange.close();
                return;
            }
            default -> {
            }
        }
        if (!("Internal " + InvitationStub.INTERNAL_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, Map.of("code", "internal_token_required"));
            return;
        }
        // /internal/mfa/users/{userId}/enrolled?orgId={orgId}
        String[] path = exchange.getRequestURI().getPath().split("/");
        String query = exchange.getRequestURI().getQuery();
        if (path.length != 6 || !"enrolled".equals(path[5]) || query == null || !query.startsWith("orgId=")) {
            send(exchange, 404, Map.of("code", "not_found"));
            return;
        }
        boolean enrolled = ENROLLED.contains(query.substring("orgId=".length()) + "/" + path[4]);
        send(exchange, 200, Map.of("enrolled", enrolled, "devices", enrolled ? 1 : 0));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
