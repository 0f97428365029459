package dev.threshold.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the gateway needs to know: the region table, the SPA origins and how patient to be with upstreams.
 * The gateway keeps no other state.
 */
@ConfigMapping(prefix = "threshold.gateway")
public interface GatewayConfig {

    /** The regions this gateway routes to, keyed by region code (for example {@code us-east-1}). */
    Map<String, Region> regions();

    Cors cors();

    Upstream upstream();

    WebUi webui();

    Overload overload();

    /**
     * The proxies in front of the gateway whose {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and
     * {@code X-Forwarded-Host} are believed (env {@code THRESHOLD_GATEWAY_TRUSTED_PROXIES}): CIDR blocks or single
     * addresses, IPv4 and IPv6, comma-separated; {@code none} believes nobody. From anyone else the gateway takes the
     * TCP peer as the client. The default trusts loopback only (local runs and tests); a deployment names its
     * ingress controller.
     */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedProxies();

    interface Region {

        /** Display name shown on the login page, for example {@code US East (N. Virginia)}. */
        String name();

        /** Base URL of the region's identity-service, for example {@code http://127.0.0.1:8110}. */
        String identity();

        /** Base URL of the region's mfa-service. */
        String mfa();

        /** Base URL of the region's invitation-service. */
        String invitation();

        /** Position in {@code GET /api/v2/regions}; regions without one follow those with one, by code. */
        OptionalInt order();
    }

    interface Cors {

        /** SPA origins (scheme://host[:port]) that may call the API with credentials. None: no CORS at all. */
        Optional<List<String>> origins();
    }

    /** The reference single-page app served at {@code /} (sources: {@code src/main/webui}). */
    interface WebUi {

        /** Serve the app and its assets; off: those paths answer {@code 404 not_found} like any unknown path. */
        @WithDefault("true")
        boolean enabled();

        /** The "work app" tile of the splash screen (the app people work in); none: the tile says it is not set. */
        Optional<String> workAppUrl();

        /** The work app tile's title; none: a translated "Work app". */
        Optional<String> workAppName();
    }

    interface Upstream {

        /**
         * How long to wait for a connection to an upstream (TCP connect, or a free pooled connection) before the
         * region counts as unavailable (503).
         */
        @WithDefault("1s")
        Duration connectTimeout();

        /**
         * How long an upstream may stay silent (before the first response byte, or between two chunks) before the
         * gateway gives up (504).
         */
        @WithDefault("30s")
        Duration responseTimeout();

        /** How long an unused pooled connection to an upstream stays open. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Most open connections to one upstream (host and port). */
        @WithDefault("64")
        int maxConnections();

        /**
         * Most requests waiting for a pooled connection to one upstream, per event loop; a request beyond it is
         * answered {@code 503 overloaded} at once instead of queueing.
         */
        @WithDefault("32")
        int maxWaiting();
    }

    /** Load shedding: what the gateway refuses rather than queue when it has too much to do. */
    interface Overload {

        /**
         * Most requests the gateway works on at once (proxied, or answered itself); one more is answered
         * {@code 503 overloaded} with {@code Retry-After: 1} before anything else is done for it. 0 turns the limit off.
         */
        @WithDefault("128")
        int maxInFlight();
    }
}
