package dev.threshold.identity.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for invitation-service's lookup and internal redeem in module tests, with the same
 * paths, problem codes and internal-token check; the real pair is exercised by the e2e suite.
 */
public class InvitationStub extends JsonStub {

    private static final Map<String, Invitation> INVITATIONS = new ConcurrentHashMap<>();
    private static final AtomicInteger REDEEMS = new AtomicInteger();
    private static final AtomicInteger LOOKUPS = new AtomicInteger();
    private static volatile boolean down;
    private static volatile boolean redeemFails;

    public InvitationStub() {
        super("quarkus.rest-client.invitation.url");
    }

    /** An invitation with status PENDING, EXPIRED, REVOKED or ACCEPTED. */
    public record Invitation(UUID id, UUID orgId, String orgName, String email, String name, List<String> roles,
            String locale, String status) {
    }

    public static String add(UUID orgId, String orgName, String email, List<String> roles, String locale) {
        return add(new Invitation(UUID.randomUUID(), orgId, orgName, email, "Ina Vitee", roles, locale, "PENDING"));
    }

    public static String add(Invitation invitation) {
        String token = "tok-" + UUID.randomUUID();
        INVITATIONS.put(token, invitation);
        return token;
    }

    public static int redeems() {
        return REDEEMS.get();
    }

    public static int lookups() {
        return LOOKUPS.get();
    }

    /** Lookups answer 503. */
    public static void down(boolean isDown) {
        down = isDown;
    }

    /** Redeems answer 500 (after counting). */
    public static void redeemFails(boolean fails) {
        redeemFails = fails;
    }

    @Override
    void routes(HttpServer server) {
        server.createContext("/api/v2/invitations/lookup", this::lookup);
        server.createContext("/internal/invitations/redeem", this::redeem);
    }

    private void lookup(HttpExchange exchange) throws IOException {
        LOOKUPS.incrementAndGet();
        if (down) {
            send(exchange, 503, Map.of("code", "unavailable"));
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String token = query == null ? "" : URLDecoder.decode(query.replaceFirst("^token=", ""), StandardCharsets.UTF_8);
        Invitation invitation = INVITATIONS.get(token);
        if (problem(exchange, invitation)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", invitation.email());
        body.put("name", invitation.name());
        body.put("orgName", invitation.orgName());
        body.put("region", "us-east-1");
        body.put("ssoOnly", false);
        body.put("passwordPolicy", Map.of("minLength", 8));
        body.put("expiresAt", Instant.now().plusSeconds(3600).toString());
        body.put("locale", invitation.locale());
        send(exchange, 200, body);
    }

    private void redeem(HttpExchange exchange) throws IOException {
        if (!fromInternalCaller(exchange)) {
            return;
        }
        Map<?, ?> request = MAPPER.readValue(exchange.getRequestBody(), Map.class);
        String token = (String) request.get("token");
        REDEEMS.incrementAndGet();
        if (redeemFails) {
            send(exchange, 500, Map.of("code", "internal_error"));
            return;
        }
        synchronized (INVITATIONS) {
            Invitation invitation = INVITATIONS.get(token);
            if (problem(exchange, invitation)) {
                return;
            }
            INVITATIONS.put(token, new Invitation(invitation.id(), invitation.orgId(), invitation.orgName(),
                    invitation.email(), invitation.name(), invitation.roles(), invitation.locale(), "ACCEPTED"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("invitationId", invitation.id().toString());
            body.put("orgId", invitation.orgId().toString());
            body.put("email", invitation.email());
            body.put("name", invitation.name());
            body.put("roles", invitation.roles());
            body.put("locale", invitation.locale());
            send(exchange, 200, body);
        }
    }

    private static boolean problem(HttpExchange exchange, Invitation invitation) throws IOException {
        if (invitation == null) {
            send(exchange, 404, Map.of("code", "invitation_not_found"));
            return true;
        }
        String code = switch (invitation.status()) {
            case "EXPIRED" -> "invitation_expired";
            case "REVOKED" -> "invitation_revoked";
            case "ACCEPTED" -> "invitation_used";
            default -> null;
        };
        if (code != null) {
            send(exchange, 410, Map.of("code", code, "status", 410));
            return true;
        }
        return false;
    }
}
