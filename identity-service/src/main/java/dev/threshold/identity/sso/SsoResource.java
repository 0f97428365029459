package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.login.LoginOutcome;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.session.SessionConfig;
import dev.threshold.identity.session.SessionCookies;
import dev.threshold.identity.sso.api.LoginOption;
import dev.threshold.identity.sso.saml.SamlFlow;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * "More login options": the providers of an org, and the browser's round trip through one of them.
 * <ol>
 * <li>{@code start} (public) checks {@code returnTo} against the allow-list and that the provider
 * answers, remembers {@code returnTo} in a short-lived cookie and sends the browser to {@code login};</li>
 * <li>{@code login} is guarded by quarkus-oidc's code flow: it redirects to the IdP with state, nonce
 * and PKCE;</li>
 * <li>{@code callback} (the redirect URI) lets quarkus-oidc verify everything, then issues our own
 * session (refresh cookie) and sends the browser to {@code returnTo}, or to
 * {@code returnTo?error=<code>}.</li>
 * </ol>
 */
@Path("/api/v2/auth")
@Tag(name = "SSO")
public class SsoResource {

    private static final Logger LOG = Logger.getLogger(SsoResource.class);
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final IdentityProviderService providers;
    private final IssuerDiscovery discovery;
    private final SsoLoginService logins;
    private final ReturnTo returnTos;
    private final SessionCookies sessionCookies;
    private final SessionConfig sessionConfig;
    private final SsoConfig config;
    private final CurrentIdentityAssociation identities;
    private final String returnCookie;
    private final String region;
    private final SamlFlow saml;

    public SsoResource(IdentityProviderService providers, IssuerDiscovery discovery, SsoLoginService logins, ReturnTo returnTos, SessionCookies sessionCookies,
            SessionConfig sessionConfig, SsoConfig config, CurrentIdentityAssociation identities, RegionConfig region,
            SamlFlow saml) {
        this.saml = saml;
        this.providers = providers;
        this.discovery = discovery;
        this.logins = logins;
        this.returnTos = returnTos;
        this.sessionCookies = sessionCookies;
        this.sessionConfig = sessionConfig;
        this.config = config;
        this.identities = identities;
        this.region = region.region();
        this.returnCookie = "threshold_sso_" + region.region();
    }

    @GET
    @Path("orgs/{orgName}/identityproviders")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public: the identity providers an organization's login page offers")
    public Uni<List<LoginOption>> loginOptions(@PathParam("orgName") String orgName) {
        if (orgName == null || orgName.length() > 63) {
            throw new ProblemException(IdentityProblem.ORG_NOT_FOUND);
        }
        return providers.loginOptions(orgName);
    }

    @GET
    @Path("sso/{idpId}/start")
    @PermitAll
    @Operation(summary = "Browser: start signing in through an identity provider; ends with a redirect to returnTo")
    public Uni<Response> start(@PathParam("idpId") String idpId, @QueryParam("returnTo") String returnTo,
            @QueryParam("region") String requestedRegion) {
        String target = returnTos.require(returnTo);
        UUID id = parse(idpId);
        if (id == null) {
            return Uni.createFrom().item(back(target, SsoFailure.IDP_NOT_FOUND));
        }
        String base = saml.base();
        return providers.typeOf(id).chain(type -> IdentityProvider.SAML.equals(type)
                ? saml.start(id, target, base) // SAML 2.0: a signed AuthnRequest by HTTP-Redirect
                : providers.issuerOf(id)
                .chain(issuer -> {
                    if (issuer == null) {
                        return Uni.createFrom().item(back(target, SsoFailure.IDP_NOT_FOUND));
                    }
                    // a provider that is down is said so now, not after an opaque failure inside the code flow
                    return discovery.requireReachable(issuer)
                            .map(ignored -> Response.status(Response.Status.FOUND)
                                    .header("Location", "login?region=" + region)
                                    .cookie(flowCookie(target))
                                    .cacheControl(NO_STORE).build())
                            .onFailure(ProblemException.class)
                            .recoverWithItem(() -> back(target, SsoFailure.IDP_UNAVAILABLE));
                }));
    }

    @GET
    @Path("sso/{idpId}/login")
    @Operation(summary = "Browser: guarded by the OpenID Connect code flow (redirects to the identity provider)")
    public Uni<Response> login(@PathParam("idpId") String idpId, @Context RoutingContext context) {
        // reached only with a quarkus-oidc session of this provider (the callback removes it): finish as there
        return finish(parse(idpId), context);
    }

    @GET
    @Path("sso/{idpId}/callback")
    @PermitAll
    @Operation(summary = "Browser: the identity provider's redirect back (redirect URI of the code flow)")
    public Uni<Response> callback(@PathParam("idpId") String idpId, @QueryParam("error") String error,
            @Context RoutingContext context) {
        UUID id = parse(idpId);
        if (error != null && context.request().getParam("code") == null) {
            LOG.infof("identity provider %s answered error %s", idpId, error.length() > 60 ? error.substring(0, 60) : error);
        }
        return finish(id, context);
    }

    private Uni<Response> finish(UUID idpId, RoutingContext context) {
        HttpServerRequest request = context.request();
        String target = flowTarget(request);
        if (target == null) {
            // no sign-in of this browser is under way (replayed or forged callback): nowhere safe to go back to
            return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_FLOW_INVALID));
        }
        if (idpId == null) {
            return Uni.createFrom().item(back(target, SsoFailure.IDP_NOT_FOUND));
        }
        // resolving the identity builds the tenant (SsoTenantResolver), which re-checks the provider's addresses
        return identities.getDeferredIdentity()
                .onFailure().transform(failure -> {
                    LOG.infof("SSO code flow of %s failed: %s", idpId, failure.getClass().getSimpleName());
                    return new SsoFailure(unavailable(context) ? SsoFailure.IDP_UNAVAILABLE
                            : request.getParam("error") != null && request.getParam("code") == null
                            ? SsoFailure.IDP_ERROR : SsoFailure.SSO_FAILED);
                })
                .chain(identity -> {
                    if (unavailable(context)) {
                        return Uni.createFrom().failure(new SsoFailure(SsoFailure.IDP_UNAVAILABLE));
                    }
                    JsonWebToken idToken = idToken(identity, idpId);
                    if (idToken == null) {
                        return Uni.createFrom().failure(new SsoFailure(request.getParam("error") != null
                                ? SsoFailure.IDP_ERROR : SsoFailure.SSO_FAILED));
                    }
                    return logins.signIn(idpId, idToken, identity);
                })
                .map(outcome -> signedIn(target, outcome))
                .onFailure(SsoFailure.class).recoverWithItem(failure -> back(target, ((SsoFailure) failure).code()))
                .invoke(() -> dropOidcSession(context));
    }

    /** The provider failed the SSRF guard or its discovery when the code-flow tenant was built: no tenant. */
    private static boolean unavailable(RoutingContext context) {
        return Boolean.TRUE.equals(context.get(SsoTenantResolver.UNAVAILABLE));
    }

    /**
     * quarkus-oidc's own session cookie (possibly in chunks) has served its purpose once
     * identity-service issued its own session, or refused to: it is expired in this same response.
     */
    private static void dropOidcSession(RoutingContext context) {
        for (Cookie cookie : context.request().cookies()) {
            if (cookie.getName().startsWith("q_session") && cookie instanceof io.vertx.core.http.impl.ServerCookie server) {
                server.setValue("");
                server.setMaxAge(0);
                server.setPath(SsoTenantResolver.COOKIE_PATH);
            }
        }
    }

    private static JsonWebToken idToken(SecurityIdentity identity, UUID idpId) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        Object tenant = identity.getAttribute("tenant-id");
        if (tenant != null && !tenant.toString().startsWith(SsoTenantResolver.tenantPrefix(idpId))) {
            return null;
        }
        return token;
    }

    private Response signedIn(String target, LoginOutcome outcome) {
        return Response.status(Response.Status.FOUND).header("Location", target)
                .cookie(sessionCookies.refresh(outcome.cookieRefreshToken(), outcome.idle()), clearedFlowCookie())
                .cacheControl(NO_STORE).build();
    }

    private Response back(String target, String code) {
        return Response.status(Response.Status.FOUND).header("Location", ReturnTo.withError(target, code))
                .cookie(clearedFlowCookie()).cacheControl(NO_STORE).build();
    }

    private String flowTarget(HttpServerRequest request) {
        Cookie cookie = request.getCookie(returnCookie);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return null;
        }
        try {
            String value = new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
            // checked again: the allow-list may have changed since start
            return returnTos.allowed(value) ? value : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** SameSite=Lax: it must come along on the IdP's top-level redirect back to the callback. */
    private NewCookie flowCookie(String target) {
        return new NewCookie.Builder(returnCookie)
                .value(Base64.getUrlEncoder().withoutPadding().encodeToString(target.getBytes(StandardCharsets.UTF_8)))
                .path(SsoTenantResolver.COOKIE_PATH).maxAge((int) config.flowTimeout().toSeconds()).httpOnly(true)
                .secure(sessionConfig.cookieSecure()).sameSite(NewCookie.SameSite.LAX).build();
    }

    private NewCookie clearedFlowCookie() {
        return new NewCookie.Builder(returnCookie).value("").path(SsoTenantResolver.COOKIE_PATH).maxAge(0)
                .httpOnly(true).secure(sessionConfig.cookieSecure()).sameSite(NewCookie.SameSite.LAX).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
