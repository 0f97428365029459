package dev.threshold.gateway.webui;

import dev.threshold.gateway.client.ClientAddresses;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Browser security headers on every response of the gateway, proxied ones included. The web app's HTML gets its own
 * Content-Security-Policy ({@link #APP_CSP}); anything else that did not bring one gets {@link #API_CSP}, which
 * lets nothing load or frame it (an API response opened as a page cannot run anything).
 */
@Singleton
public class SecurityHeaders implements Handler<RoutingContext> {

    /**
     * The SPA: only its own bundled scripts and styles (no inline script or style), images from itself, {@code data:}
     * (the MFA QR code) and {@code https:} (identity providers' icons), API calls to its own origin, never framed.
     */
    public static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: https:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** Powerful features off, except passkeys (WebAuthn) for the app's own pages, never for a frame of another origin. */
    public static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
            + "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=(), "
            + "publickey-credentials-create=(self), publickey-credentials-get=(self)";

    public static final String HSTS = "max-age=31536000; includeSubDomains";

    private final ClientAddresses clients;

    public SecurityHeaders(ClientAddresses clients) {
        this.clients = clients;
    }

    @Override
    public void handle(RoutingContext rc) {
        // https as the client used it: the gateway's own TLS, or X-Forwarded-Proto from a trusted proxy only
        boolean https = rc.request().isSSL() || clients.of(rc).https();
        rc.addHeadersEndHandler(ignored -> {
            MultiMap headers = rc.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Permissions-Policy", PERMISSIONS_POLICY);
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            if (!headers.contains("Content-Security-Policy")) {
                headers.set("Content-Security-Policy", API_CSP);
            }
            if (https) {
                headers.set("Strict-Transport-Security", HSTS);
            }
        });
        rc.next();
    }
}
