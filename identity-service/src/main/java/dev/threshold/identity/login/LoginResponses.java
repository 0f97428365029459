package dev.threshold.identity.login;

import dev.threshold.identity.session.SessionCookies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/** A login outcome as HTTP: never cached, with the refresh cookie for cookie clients. */
@ApplicationScoped
public class LoginResponses {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final SessionCookies cookies;
    private final String rememberCookie;

    public LoginResponses(SessionCookies cookies, dev.threshold.common.region.RegionConfig region) {
        this.cookies = cookies;
        this.rememberCookie = "__Host-threshold_mfa_" + region.region();
    }

    /** The remembered-device cookie: {@code __Host-} (Secure, Path=/, no Domain), HttpOnly, SameSite=Strict. */
    public String rememberCookieName() {
        return rememberCookie;
    }

    public Response withRememberedDevice(Response response, String secret, int days) {
        if (secret == null) {
            return response;
        }
        Response.ResponseBuilder builder = Response.fromResponse(response);
        builder.header("Set-Cookie", rememberCookie + "=" + secret + "; Path=/; Max-Age=" + days * 86_400L
                + "; HttpOnly; Secure; SameSite=Strict");
        return builder.build();
    }

    public Response toResponse(LoginOutcome outcome) {
        Response.ResponseBuilder response = Response.ok(outcome.result()).cacheControl(NO_STORE)
                .header("Pragma", "no-cache");
        if (outcome.cookieRefreshToken() != null) {
            response.cookie(cookies.refresh(outcome.cookieRefreshToken(), outcome.idle()));
        }
        return response.build();
    }
}
