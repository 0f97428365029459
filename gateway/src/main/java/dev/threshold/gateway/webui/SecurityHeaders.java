package dev.threshold.gateway.webui;

import dev.threshold.gateway.client.ClientAddresses;
import io.vertx.core.Handler;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
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
        HttpServerResponse response = rc.response();
        rc.addHeadersEndHandler(ignored -> {
            MultiMap headers = response.headers();
            headers.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
            headers.set(REFERRER_POLICY, NO_REFERRER);
            headers.set(X_FRAME_OPTIONS, DENY);
            headers.set(PERMISSIONS_POLICY_HEADER, PERMISSIONS_POLICY_VALUE);
            headers.set(COOP, SAME_ORIGIN);
            if (!headers.contains(CSP)) {
                headers.set(CSP, API_CSP_VALUE);
            }
            if (https) {
                headers.set(HSTS_HEADER, HSTS_VALUE);
            }
        });
        rc.next();
    }

    // Names and values as ready-encoded ASCII: written to every response, they are not encoded again each time.
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final AsciiString REFERRER_POLICY = AsciiString.cached("Referrer-Policy");
    private static final AsciiString NO_REFERRER = AsciiString.cached("no-referrer");
    private static final AsciiString X_FRAME_OPTIONS = AsciiString.cached("X-Frame-Options");
    private static final AsciiString DENY = AsciiString.cached("DENY");
    private static final AsciiString PERMISSIONS_POLICY_HEADER = AsciiString.cached("Permissions-Policy");
    private static final AsciiString PERMISSIONS_POLICY_VALUE = AsciiString.cached(PERMISSIONS_POLICY);
    private static final AsciiString COOP = AsciiString.cached("Cross-Origin-Opener-Policy");
    private static final AsciiString SAME_ORIGIN = AsciiString.cached("same-origin");
    private static final AsciiString CSP = AsciiString.cached("Content-Security-Policy");
    private static final AsciiString API_CSP_VALUE = AsciiString.cached(API_CSP);
    private static final AsciiString HSTS_HEADER = AsciiString.cached("Strict-Transport-Security");
    private static final AsciiString HSTS_VALUE = AsciiString.cached(HSTS);
}
