package dev.threshold.identity.sso;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.session.SessionConfig;
import dev.threshold.identity.token.TokenConfig;
import dev.threshold.common.problem.ProblemException;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * One quarkus-oidc web-app tenant per identity provider, built from its row, for the two paths of
 * the code flow ({@code /api/v2/auth/sso/<id>/login} and {@code .../callback}); every other request
 * gets the default tenant, which is disabled, so our own Bearer mechanism keeps the rest of the API.
 * The tenant id carries the row's version: an edited provider (new issuer or secret) gets a new
 * tenant instead of a stale cached one.
 * <p>
 * The IdP's discovery document is read by {@link IssuerDiscovery} (never by quarkus-oidc), at each
 * login and callback, and every endpoint it names must pass {@link IdpAddressGuard} (DNS resolved
 * again): the tenant is built with exactly those endpoints and discovery off, or not at all. A
 * refused or unreachable provider gets no tenant; the resource then sends the browser back with
 * {@code error=idp_unavailable}, and no request (least of all the token request with the client
 * secret) leaves for an address that fails the guard. {@link IdpRequestGuard} checks each request
 * quarkus-oidc sends once more.
 */
@ApplicationScoped
public class SsoTenantResolver implements TenantConfigResolver {

    private static final Logger LOG = Logger.getLogger(SsoTenantResolver.class);

    static final String COOKIE_PATH = "/api/v2/auth/sso";
    /** Routing-context key: the provider's addresses failed the guard or its discovery failed. */
    static final String UNAVAILABLE = "threshold.sso.idp-unavailable";
    private static final Pattern FLOW_PATH = Pattern.compile(
            "/api/v2/auth/sso/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/(login|callback)");

    private final IdentityProviderRepository providers;
    private final IssuerDiscovery discovery;
    private final ClientSecrets secrets;
    private final SsoConfig config;
    private final SessionConfig sessions;
    private final String region;
    private final byte[] stateKey;

    public SsoTenantResolver(IdentityProviderRepository providers, IssuerDiscovery discovery, ClientSecrets secrets,
            SsoConfig config, SessionConfig sessions, RegionConfig region, TokenConfig tokens) {
        this.providers = providers;
        this.discovery = discovery;
        this.secrets = secrets;
        this.config = config;
        this.sessions = sessions;
        this.region = region.region();
        this.stateKey = Base64.getDecoder().decode(tokens.keyEncryptionKey().trim());
    }

    /** The identity provider id of a code-flow path, or null. */
    static UUID idpIdOf(String path) {
        Matcher matcher = path == null ? null : FLOW_PATH.matcher(path);
        return matcher != null && matcher.matches() ? UUID.fromString(matcher.group(1)) : null;
    }

    static String tenantPrefix(UUID idpId) {
        return "sso-" + idpId + "-";
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        UUID idpId = idpIdOf(context.normalizedPath());
        if (idpId == null) {
            return Uni.createFrom().nullItem();
        }
        return providers.oidcSignIn(idpId)
                .chain(row -> {
                    if (row == null) {
                        // unknown provider: the disabled default tenant answers, the resource reports it
                        return Uni.createFrom().nullItem();
                    }
                    return discovery.discoverForSignIn(row.issuer())
                            .map(discovered -> tenant(idpId, row, discovered, context))
                            .onFailure(ProblemException.class).recoverWithItem(failure -> {
                                LOG.infof("no sign-in through identity provider %s: %s", idpId,
                                        ((ProblemException) failure).problem().code());
                                context.put(UNAVAILABLE, Boolean.TRUE);
                                return null;
                            });
                });
    }

    private OidcTenantConfig tenant(UUID idpId, IdentityProviderRepository.OidcSignIn row, IssuerDiscovery.Discovered discovered,
            RoutingContext context) {
        Map<String, String> endpoints = discovered.endpoints();
        // the endpoints are part of the tenant's identity: a document that changes gets a new tenant
        String tenantId = tenantPrefix(idpId) + row.version() + "-"
                + Integer.toHexString(new TreeMap<>(endpoints).toString().hashCode());
        String issuer = row.issuer();
        String scopes = row.scopes();
        List<String> scopeList = scopes == null || scopes.isBlank() ? List.of("email", "profile")
                : List.of(scopes.trim().split(" +"));
        String secret = secrets.open(idpId.toString(), row.clientSecretSealed(), row.clientSecretKeyId());
        // absolute, so that the region can ride in its query (the gateway routes the IdP's redirect by it)
        String base = config.publicBaseUrl().orElseGet(() -> context.request().scheme() + "://" + context.request().authority());
        String callback = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + COOKIE_PATH + "/" + idpId + "/callback?region=" + region;
        var builder = OidcTenantConfig.builder()
                .tenantId(tenantId)
                .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.WEB_APP)
                .authServerUrl(issuer)
                // the checked endpoints, nothing quarkus-oidc would discover on its own
                .discoveryEnabled(false)
                .authorizationPath(endpoints.get("authorization_endpoint"))
                .tokenPath(endpoints.get("token_endpoint"))
                .jwksPath(endpoints.get("jwks_uri"))
                .followRedirects(false)
                // the JVM resolver, as the guard's: both see the same (cached) answer
                .useBlockingDnsLookup(true)
                .connectionTimeout(config.discoveryTimeout())
                .clientId(row.clientId())
                .credentials(secret)
                .authentication()
                    .redirectPath(callback)
                    // the callback itself finishes the sign-in: no second hop through quarkus-oidc's session
                    .restorePathAfterRedirect(false)
                    .removeRedirectParameters(false)
                    .pkceRequired(true)
                    .nonceRequired(true)
                    .idTokenRequired(true)
                    .userInfoRequired(false)
                    .scopes(scopeList)
                    .stateSecret(derive("state", tenantId))
                    .stateCookieAge(config.flowTimeout())
                    .allowMultipleCodeFlows(true)
                    .cookiePath(COOKIE_PATH)
                    .cookieForceSecure(sessions.cookieSecure())
                    .javaScriptAutoRedirect(true)
                    .end()
                .tokenStateManager()
                    // only what the callback needs; the cookie is removed as soon as our own session exists
                    .strategy(io.quarkus.oidc.runtime.OidcTenantConfig.TokenStateManager.Strategy.ID_TOKEN)
                    .encryptionSecret(derive("session", tenantId))
                    .end()
                .token()
                    .issuer(issuer)
                    .end();
        if (endpoints.containsKey("userinfo_endpoint")) {
            builder.userInfoPath(endpoints.get("userinfo_endpoint"));
        }
        if (endpoints.containsKey("end_session_endpoint")) {
            builder.endSessionPath(endpoints.get("end_session_endpoint"));
        }
        return builder.build();
    }

    /** A per-tenant secret for quarkus-oidc's cookies, derived from the key encryption key. */
    private String derive(String purpose, String tenantId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(stateKey, "HmacSHA256"));
            byte[] derived = mac.doFinal(("threshold-sso-" + purpose + ":" + tenantId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
