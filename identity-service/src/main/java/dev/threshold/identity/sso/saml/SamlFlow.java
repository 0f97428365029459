package dev.threshold.identity.sso.saml;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.session.SessionConfig;
import dev.threshold.identity.session.SessionCookies;
import dev.threshold.identity.sso.ReturnTo;
import dev.threshold.identity.sso.SsoConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * The browser side of SAML sign-in: redirects and cookies around {@link SamlService}. The binding
 * cookie {@code threshold_saml_<region>} (the AuthnRequest id; HttpOnly, SameSite=Lax, path
 * {@code /api/v2/auth/sso}, as long as the flow may take) ties an SP-initiated sign-in to the browser
 * that started it: it comes back on the same-site hop to {@code finish}, never on the IdP's POST.
 */
@ApplicationScoped
public class SamlFlow {

    static final String COOKIE_PATH = "/api/v2/auth/sso";
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final SamlService service;
    private final SamlUrls urls;
    private final SessionCookies sessionCookies;
    private final SessionConfig sessionConfig;
    private final SsoConfig config;
    private final String bindingCookie;

    public SamlFlow(SamlService service, SamlUrls urls, SessionCookies sessionCookies, SessionConfig sessionConfig,
            SsoConfig config, RegionConfig region) {
        this.service = service;
        this.urls = urls;
        this.sessionCookies = sessionCookies;
        this.sessionConfig = sessionConfig;
        this.config = config;
        this.bindingCookie = "threshold_saml_" + region.region();
    }

    /** Our public base URL (read on the request's thread). */
    public String base() {
        return urls.base();
    }

    /** {@code start} for a SAML provider: {@code 302} to the IdP with a signed AuthnRequest. */
    public Uni<Response> start(UUID idpId, String returnTo, String base) {
        return service.start(idpId, returnTo, base).map(outcome -> {
            if (outcome instanceof SamlService.Redirect redirect) {
                return Response.status(Response.Status.FOUND).header("Location", redirect.location())
                        .cookie(binding(redirect.requestId())).cacheControl(NO_STORE).build();
            }
            SamlService.Refused refused = (SamlService.Refused) outcome;
            return back(refused.returnTo(), refused.code(), false);
        });
    }

    /** The assertion consumer service: {@code 303} to {@code finish}, or back with an error. */
    public Uni<Response> acs(UUID idpId, String samlResponse, String relayState, String base) {
        return service.acs(idpId, samlResponse, relayState, base).map(outcome -> {
            if (outcome instanceof SamlService.Redirect redirect) {
                // relative to the ACS URL (JAX-RS would resolve a URI against the application's root)
                return Response.status(Response.Status.SEE_OTHER).header("Location", redirect.location())
                        .cacheControl(NO_STORE).build();
            }
            SamlService.Refused refused = (SamlService.Refused) outcome;
            return Response.status(Response.Status.SEE_OTHER)
                    .header("Location", ReturnTo.withError(refused.returnTo(), refused.code())).cacheControl(NO_STORE).build();
        });
    }

    /** The same-site hop: the session (refresh cookie) and {@code 302 returnTo}, or back with an error. */
    public Uni<Response> finish(UUID idpId, String code, HttpServerRequest request) {
        Cookie cookie = request.getCookie(bindingCookie);
        return service.finish(idpId, code, cookie == null ? null : cookie.getValue()).map(result -> {
            if (result instanceof SamlService.SignedIn signedIn) {
                return Response.status(Response.Status.FOUND).header("Location", signedIn.returnTo())
                        .cookie(sessionCookies.refresh(signedIn.outcome().cookieRefreshToken(), signedIn.outcome().idle()),
                                clearedBinding())
                        .cacheControl(NO_STORE).build();
            }
            SamlService.Refused refused = (SamlService.Refused) result;
            return back(refused.returnTo(), refused.code(), true);
        });
    }

    public Uni<Response> metadata(UUID idpId, String base) {
        return service.metadata(idpId, base).map(xml -> Response.ok(xml, "application/samlmetadata+xml")
                .header("Content-Disposition", "inline; filename=\"threshold-sp-metadata.xml\"")
                .cacheControl(CacheControl.valueOf("max-age=300")).build());
    }

    private Response back(String returnTo, String code, boolean clearBinding) {
        Response.ResponseBuilder builder = Response.status(Response.Status.FOUND)
                .header("Location", ReturnTo.withError(returnTo, code)).cacheControl(NO_STORE);
        if (clearBinding) {
            builder.cookie(clearedBinding());
        }
        return builder.build();
    }

    private NewCookie binding(String requestId) {
        return new NewCookie.Builder(bindingCookie).value(requestId).path(COOKIE_PATH)
                .maxAge((int) config.flowTimeout().toSeconds()).httpOnly(true).secure(sessionConfig.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    private NewCookie clearedBinding() {
        return new NewCookie.Builder(bindingCookie).value("").path(COOKIE_PATH).maxAge(0).httpOnly(true)
                .secure(sessionConfig.cookieSecure()).sameSite(NewCookie.SameSite.LAX).build();
    }
}
