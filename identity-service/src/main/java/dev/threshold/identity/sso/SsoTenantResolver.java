package dev.threshold.identity.sso;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.session.SessionConfig;
import dev.threshold.identity.token.TokenConfig;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One quarkus-oidc web-app tenant per identity provider, built from its row, for the two paths of
 * the code flow ({@code /api/v2/auth/sso/<id>/login} and {@code .../callback}); every other request
 * gets the default tenant, which is disabled, so our own Bearer mechanism keeps the rest of the API.
 * The tenant id carries the row's version: an edited provider (new issuer or secret) gets a new
 * tenant instead of a stale cached one.
 */
@ApplicationScoped
public class SsoTenantResolver implements TenantConfigResolver {

    static final String COOKIE_PATH = "/api/v2/auth/sso";
    private static final Pattern FLOW_PATH = Pattern.compile(
            "/api/v2/auth/sso/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/(login|callback)");

    private final Pool pool;
    private final ClientSecrets secrets;
    private final SsoConfig config;
    private final SessionConfig sessions;
    private final String region;
    private final String schema;
    private final byte[] stateKey;

    public SsoTenantResolver(Pool pool, ClientSecrets secrets, SsoConfig config, SessionConfig sessions,
            RegionConfig region, TokenConfig tokens, @ConfigProperty(name = "threshold.events.schema") String schema) {
        this.pool = pool;
        this.secrets = secrets;
        this.config = config;
        this.sessions = sessions;
        this.region = region.region();
        this.schema = schema;
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
        return pool.preparedQuery("select org_id, issuer, client_id, client_secret_sealed, client_secret_key_id, scopes,"
                        + " version from " + schema + ".identity_provider where id = $1")
                .execute(Tuple.of(idpId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        // unknown provider: the disabled default tenant answers, the resource reports it
                        return null;
                    }
                    return tenant(idpId, rows.iterator().next(), context);
                });
    }

    private OidcTenantConfig tenant(UUID idpId, Row row, RoutingContext context) {
        String tenantId = tenantPrefix(idpId) + row.getLong("version");
        String scopes = row.getString("scopes");
        List<String> scopeList = scopes == null || scopes.isBlank() ? List.of("email", "profile")
                : List.of(scopes.trim().split(" +"));
        String secret = secrets.open(idpId.toString(), row.getBuffer("client_secret_sealed").getBytes(),
                row.getString("client_secret_key_id"));
        // absolute, so that the region can ride in its query (the gateway routes the IdP's redirect by it)
        String base = config.publicBaseUrl().orElseGet(() -> context.request().scheme() + "://" + context.request().authority());
        String callback = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + COOKIE_PATH + "/" + idpId + "/callback?region=" + region;
        return OidcTenantConfig.builder()
                .tenantId(tenantId)
                .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.WEB_APP)
                .authServerUrl(row.getString("issuer"))
                .connectionTimeout(config.discoveryTimeout())
                .clientId(row.getString("client_id"))
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
                .build();
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
