package dev.threshold.identity.login;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.login.api.LoginResult;
import dev.threshold.identity.login.api.RefreshRequest;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.session.SessionCookies;
import dev.threshold.identity.session.SessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Refresh and logout, authenticated by the refresh cookie or a refresh token in the body. Cookie
 * requests must carry {@code X-Requested-With}: a cross-site form cannot add it, and a cross-site
 * fetch that adds it needs a CORS preflight that only our SPA origins pass.
 */
@Path("/api/v2/auth")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class RefreshResource {

    private final SessionService sessions;
    private final SessionCookies cookies;
    private final LoginCompletion completion;
    private final LoginResponses responses;
    private final OrganizationService organizations;

    public RefreshResource(SessionService sessions, SessionCookies cookies, LoginCompletion completion,
            LoginResponses responses, OrganizationService organizations) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.completion = completion;
        this.responses = responses;
        this.organizations = organizations;
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new access token; the refresh token rotates (cookie, or body for cookie-less clients)")
    public Uni<Response> refresh(@Valid RefreshRequest body, @Context HttpServerRequest http) {
        return refresh(presented(body, http), http);
    }

    @POST
    @Path("refresh")
    @Operation(summary = "A new access token for the refresh cookie (no body needed); the cookie rotates")
    public Uni<Response> refreshByCookie(@Context HttpServerRequest http) {
        return refresh(presented(null, http), http);
    }

    /**
     * Usually {@code AUTHENTICATED} with the next tokens; an MFA step instead when the org requires
     * MFA and this session never passed it ({@link LoginCompletion#afterRefresh}): the session is over,
     * so its cookie is cleared too.
     */
    private Uni<Response> refresh(Presented presented, HttpServerRequest http) {
        io.vertx.core.http.Cookie remembered = http.getCookie(responses.rememberCookieName());
        return sessions.refresh(presented.token())
                .chain(refreshed -> completion.afterRefresh(refreshed, organizations.settingsOf(refreshed.org()),
                        presented.fromCookie(), remembered == null ? null : remembered.getValue()))
                .map(outcome -> {
                    Response response = responses.toResponse(outcome);
                    if (presented.fromCookie() && outcome.result().status() != LoginResult.Status.AUTHENTICATED) {
                        return Response.fromResponse(response).header("Set-Cookie", cookies.clearedHeader()).build();
                    }
                    return response;
                })
                .onFailure(ProblemException.class).transform(failure -> presented.fromCookie()
                        ? withClearedCookie((ProblemException) failure) : failure);
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End the session of this refresh token (or cookie); the cookie is cleared")
    public Uni<Response> logout(@Valid RefreshRequest body, @Context HttpServerRequest http) {
        return logout(presented(body, http));
    }

    @POST
    @Path("logout")
    @Operation(summary = "End the session of the refresh cookie (no body needed); the cookie is cleared")
    public Uni<Response> logoutByCookie(@Context HttpServerRequest http) {
        return logout(presented(null, http));
    }

    private Uni<Response> logout(Presented presented) {
        return sessions.logout(presented.token())
                .map(ignored -> Response.noContent().cookie(cookies.cleared()).build());
    }

    private Presented presented(RefreshRequest body, HttpServerRequest http) {
        if (body != null && body.refreshToken() != null) {
            return new Presented(body.refreshToken(), false);
        }
        io.vertx.core.http.Cookie cookie = http.getCookie(cookies.name());
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw new ProblemException(IdentityProblem.REFRESH_TOKEN_MISSING);
        }
        String requestedWith = http.getHeader("X-Requested-With");
        if (requestedWith == null || requestedWith.isBlank()) {
            throw new ProblemException(IdentityProblem.CSRF_HEADER_MISSING);
        }
        return new Presented(cookie.getValue(), true);
    }

    private record Presented(String token, boolean fromCookie) {
    }

    /** A failed cookie refresh also removes the dead cookie from the browser. */
    private ProblemException withClearedCookie(ProblemException failure) {
        return new ProblemException(failure.problem(), failure.errors(),
                java.util.Map.of("Set-Cookie", cookies.clearedHeader()), failure.detailArgs());
    }
}
