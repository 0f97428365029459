package dev.threshold.identity.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
public class MfaStub extends JsonStub {

    public enum Mode { UP, ERRORS, DROPS }

    private static final Set<String> ENROLLED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile Mode mode = Mode.UP;

    public MfaStub() {
        super("quarkus.rest-client.mfa.url");
    }

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
    void routes(HttpServer server) {
        server.createContext("/internal/mfa/users/", this::enrolled);
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
        if (!fromInternalCaller(exchange)) {
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
}
