package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads an issuer's {@code /.well-known/openid-configuration} and checks that it describes an
 * OpenID provider we can use: the same issuer, and the endpoints of the authorization code flow.
 */
@ApplicationScoped
public class IssuerDiscovery {

    private static final Logger LOG = Logger.getLogger(IssuerDiscovery.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** How long a successful discovery vouches for an issuer at sign-in start. */
    private static final Duration REACHABLE_FOR = Duration.ofMinutes(1);

    private final WebClient client;
    private final SsoConfig config;
    private final Clock clock;
    private final Map<String, Instant> recentlyReachable = new ConcurrentHashMap<>();

    public IssuerDiscovery(Vertx vertx, SsoConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        int timeout = (int) config.discoveryTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeout)
                .setFollowRedirects(false).setMaxPoolSize(4).setUserAgent("threshold-identity-sso"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * The issuer as it will be stored: https (or http on a loopback host, for local IdPs), no query
     * or fragment, no trailing slash.
     */
    public static String normalize(String issuer) {
        String trimmed = issuer.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ProblemException(IdentityProblem.IDP_ISSUER_INVALID);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new ProblemException(IdentityProblem.IDP_ISSUER_INVALID);
        }
        return trimmed;
    }

    /**
     * Whether a sign-in may start: discovery succeeded within the last minute, or succeeds now. The
     * short memory keeps a burst of sign-in starts (or someone hammering the public start URL) from
     * turning into as many requests to the organization's IdP.
     */
    public Uni<Void> requireReachable(String issuer) {
        Instant last = recentlyReachable.get(issuer);
        Instant now = clock.instant();
        if (last != null && last.plus(REACHABLE_FOR).isAfter(now)) {
            return Uni.createFrom().voidItem();
        }
        return discover(issuer).invoke(() -> {
            if (recentlyReachable.size() > 10_000) {
                recentlyReachable.clear();
            }
            recentlyReachable.put(issuer, now);
        }).replaceWithVoid();
    }

    /** Fails with {@code idp_discovery_failed} (unreachable) or {@code idp_discovery_invalid}. */
    public Uni<JsonObject> discover(String issuer) {
        String url = issuer + "/.well-known/openid-configuration";
        return client.getAbs(url).timeout(config.discoveryTimeout().toMillis()).send()
                .onFailure().transform(failure -> {
                    LOG.infof("discovery of %s failed: %s", issuer, failure.toString());
                    return new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED, issuer);
                })
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.infof("discovery of %s answered HTTP %d", issuer, response.statusCode());
                        throw new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED, issuer);
                    }
                    JsonObject document;
                    try {
                        document = response.bodyAsJsonObject();
                    } catch (DecodeException | ClassCastException e) {
                        throw invalid(issuer, "not a JSON object");
                    }
                    if (document == null) {
                        throw invalid(issuer, "empty");
                    }
                    if (!issuer.equals(document.getValue("issuer"))) {
                        throw invalid(issuer, "issuer differs");
                    }
                    for (String endpoint : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
                        if (!(document.getValue(endpoint) instanceof String value) || !value.startsWith("http")) {
                            throw invalid(issuer, endpoint + " missing");
                        }
                    }
                    if (document.getValue("response_types_supported") instanceof io.vertx.core.json.JsonArray types
                            && !types.contains("code")) {
                        throw invalid(issuer, "no authorization code flow");
                    }
                    return document;
                });
    }

    private static ProblemException invalid(String issuer, String why) {
        LOG.infof("discovery document of %s is unusable: %s", issuer, why);
        return new ProblemException(IdentityProblem.IDP_DISCOVERY_INVALID, issuer, why);
    }
}
