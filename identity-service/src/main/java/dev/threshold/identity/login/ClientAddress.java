package dev.threshold.identity.login;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

/** The address a login comes from: the gateway appends the client's to X-Forwarded-For, so the last hop counts. */
@ApplicationScoped
public class ClientAddress {

    private final LoginConfig config;

    public ClientAddress(LoginConfig config) {
        this.config = config;
    }

    public String of(HttpServerRequest request) {
        if (config.trustForwardedFor()) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        SocketAddress peer = request.remoteAddress();
        return peer == null ? "unknown" : peer.hostAddress();
    }
}
