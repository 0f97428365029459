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

    public LoginResponses(SessionCookies cookies) {
        this.cookies = cookies;
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
