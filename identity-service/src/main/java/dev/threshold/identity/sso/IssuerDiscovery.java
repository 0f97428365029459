package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads an issuer's {@code /.well-known/openid-configuration} and checks that it describes an
 * OpenID provider we can use: the same issuer, and the endpoints of the authorization code flow.
 * Every address goes through {@link IdpAddressGuard} first (the issuer, then every endpoint the
 * document names), and the document is fetched from the very address the guard checked (DNS is
 * not asked twice). Whatever the network answers (refused, timed out, bad TLS, 404, not JSON),
 * the answer is the one code {@code idp_discovery_failed}: no port scanner.
 */
@ApplicationScoped
public class IssuerDiscovery {

    private static final Logger LOG = Logger.getLogger(IssuerDiscovery.class);

    /** How long a successful discovery vouches for an issuer at sign-in start. */
    private static final Duration REACHABLE_FOR = Duration.ofMinutes(1);
    /** The endpoints quarkus-oidc may call or send the browser to. */
    static final List<String> ENDPOINTS = List.of("authorization_endpoint", "token_endpoint", "jwks_uri",
            "userinfo_endpoint", "end_session_endpoint", "revocation_endpoint", "introspection_endpoint",
            "registration_endpoint", "pushed_authorization_request_endpoint", "device_authorization_endpoint",
            "check_session_iframe");

    private static final java.util.regex.Pattern AUTHORITY = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)");

    private final WebClient client;
    private final SsoConfig config;
    private final IdpAddressGuard guard;
    private final Clock clock;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    public IssuerDiscovery(Vertx vertx, SsoConfig config, IdpAddressGuard guard, Clock clock) {
        this.config = config;
        this.guard = guard;
        this.clock = clock;
        int timeout = (int) config.discoveryTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeout)
                .setFollowRedirects(false).setMaxPoolSize(4).setUserAgent("threshold-identity-sso"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The discovery document and the endpoints it names, each checked by the guard. */
    public record Discovered(JsonObject document, Map<String, String> endpoints) {
    }

    /**
     * The issuer as it will be stored: https (plain http only where private issuers are allowed),
     * no query, fragment or user info, no trailing slash.
     */
    public String normalize(String issuer) {
        return normalize(issuer, config.allowPrivateIssuers());
    }

    static String normalize(String issuer, boolean allowHttp) {
        String trimmed = issuer.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        // java.net.URI refuses or misreads 2130706433, 0x7f.1 or 017700000001; the C resolver reads 127.0.0.1
        java.util.regex.Matcher authority = AUTHORITY.matcher(trimmed);
        if (authority.find()) {
            String host = authority.group(1).replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
            if (NetworkAddresses.isObscureNumericHost(host)) {
                throw new ProblemException(IdentityProblem.IDP_ADDRESS_NOT_ALLOWED);
            }
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new ProblemException(IdentityProblem.IDP_ISSUER_INVALID);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() != null && !allowHttp && scheme.equals("http")) {
            // a literal address that is never allowed is said so, whatever the scheme
            InetAddress literal = NetworkAddresses.literal(uri.getHost());
            if (literal != null && NetworkAddresses.classify(literal) != NetworkAddresses.Kind.PUBLIC) {
                throw new ProblemException(IdentityProblem.IDP_ADDRESS_NOT_ALLOWED);
            }
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http") && allowHttp)) {
            throw new ProblemException(IdentityProblem.IDP_ISSUER_INVALID);
        }
        return trimmed;
    }

    /**
     * Whether a sign-in may start: {@link #discoverForSignIn} succeeds. Fails like {@link #discover}.
     */
    public Uni<Void> requireReachable(String issuer) {
        return discoverForSignIn(issuer).replaceWithVoid();
    }

    /**
     * The discovery of a sign-in (start, login, callback). The document is remembered for a minute,
     * so a burst of sign-ins (or someone hammering the public start URL) does not turn into as many
     * requests to the organization's IdP; the addresses are checked again on every call all the same
     * (DNS resolved anew), since DNS can change between two uses.
     */
    public Uni<Discovered> discoverForSignIn(String issuer) {
        Remembered last = recent.get(issuer);
        Instant now = clock.instant();
        if (last != null && last.at().plus(REACHABLE_FOR).isAfter(now)) {
            return guardAll(issuer, last.discovered().endpoints()).replaceWith(last.discovered());
        }
        return discover(issuer).invoke(discovered -> {
            if (recent.size() > 10_000) {
                recent.clear();
            }
            recent.put(issuer, new Remembered(discovered, now));
        });
    }

    private record Remembered(Discovered discovered, Instant at) {
    }

    private Uni<Void> guardAll(String issuer, Map<String, String> endpoints) {
        Set<String> urls = new java.util.LinkedHashSet<>();
        urls.add(issuer + "/.well-known/openid-configuration");
        urls.addAll(endpoints.values());
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String url : urls) {
            all = all.chain(() -> guard.check(url).replaceWithVoid());
        }
        return all;
    }

    /**
     * Fails with {@code idp_address_not_allowed} (the guard refused the issuer or an endpoint),
     * {@code idp_discovery_failed} (anything the network said) or {@code idp_discovery_invalid}
     * (a JSON document that does not describe this issuer's code flow).
     */
    public Uni<Discovered> discover(String issuer) {
        String url = issuer + "/.well-known/openid-configuration";
        return guard.check(url).chain(target -> fetch(target, url))
                .chain(document -> checkEndpoints(issuer, document));
    }

    private Uni<JsonObject> fetch(IdpAddressGuard.Target target, String url) {
        InetAddress address = target.addresses().get(0);
        SocketAddress server = SocketAddress.inetSocketAddress(target.port(), address.getHostAddress());
        return client.requestAbs(HttpMethod.GET, server, url).timeout(config.discoveryTimeout().toMillis()).send()
                .onFailure().transform(failure -> {
                    LOG.infof("discovery at %s failed: %s", url, failure.toString());
                    return new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED);
                })
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.infof("discovery at %s answered HTTP %d", url, response.statusCode());
                        throw new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED);
                    }
                    JsonObject document;
                    try {
                        document = response.bodyAsJsonObject();
                    } catch (DecodeException | ClassCastException e) {
                        document = null;
                    }
                    if (document == null) {
                        LOG.infof("discovery at %s answered no JSON object", url);
                        throw new ProblemException(IdentityProblem.IDP_DISCOVERY_FAILED);
                    }
                    return document;
                });
    }

    private Uni<Discovered> checkEndpoints(String issuer, JsonObject document) {
        if (!issuer.equals(document.getValue("issuer"))) {
            throw invalid(issuer, "issuer differs");
        }
        for (String endpoint : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
            if (!(document.getValue(endpoint) instanceof String value) || !value.startsWith("http")) {
                throw invalid(issuer, endpoint + " missing");
            }
        }
        if (document.getValue("response_types_supported") instanceof JsonArray types && !types.contains("code")) {
            throw invalid(issuer, "no authorization code flow");
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (String name : ENDPOINTS) {
            Object value = document.getValue(name);
            if (value instanceof String url && !url.isBlank()) {
                endpoints.put(name, url);
            } else if (value != null) {
                throw invalid(issuer, name + " is not a URL");
            }
        }
        if (document.getValue("mtls_endpoint_aliases") instanceof JsonObject aliases) {
            for (String name : aliases.fieldNames()) {
                if (aliases.getValue(name) instanceof String url) {
                    endpoints.put("mtls_endpoint_aliases." + name, url);
                }
            }
        }
        // every address the document names passes the guard, or the provider is refused
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String url : new java.util.LinkedHashSet<>(endpoints.values())) {
            all = all.chain(() -> guard.check(url).replaceWithVoid());
        }
        return all.map(ignored -> new Discovered(document, Map.copyOf(endpoints)));
    }

    private static ProblemException invalid(String issuer, String why) {
        LOG.infof("discovery document of %s is unusable: %s", issuer, why);
        return new ProblemException(IdentityProblem.IDP_DISCOVERY_INVALID, issuer, why);
    }
}
