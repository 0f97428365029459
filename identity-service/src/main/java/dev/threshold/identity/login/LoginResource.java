package dev.threshold.identity.login;

import dev.threshold.identity.login.api.LoginRequest;
import dev.threshold.identity.login.api.MfaLoginRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v2/auth/login")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class LoginResource {

    private final LoginService logins;
    private final MfaLoginService mfaLogins;
    private final ClientAddress clientAddress;
    private final LoginResponses responses;

    public LoginResource(LoginService logins, MfaLoginService mfaLogins, ClientAddress clientAddress,
            LoginResponses responses) {
        this.logins = logins;
        this.mfaLogins = mfaLogins;
        this.clientAddress = clientAddress;
        this.responses = responses;
    }

    @POST
    @Operation(summary = "Log in with email and password: AUTHENTICATED, ORG_SELECTION_REQUIRED or an MFA step")
    public Uni<Response> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        io.vertx.core.http.Cookie remembered = http.getCookie(responses.rememberCookieName());
        return logins.login(request, clientAddress.of(http), remembered == null ? null : remembered.getValue())
                .map(responses::toResponse);
    }

    @POST
    @Path("mfa")
    @Operation(summary = "Complete a login that needed MFA with mfa-service's proof (and maybe remember this browser)")
    public Uni<Response> completeWithMfa(@Valid @NotNull MfaLoginRequest request) {
        return mfaLogins.complete(request).map(completed -> responses.withRememberedDevice(
                responses.toResponse(completed.outcome()), completed.rememberSecret(), completed.rememberDays()));
    }
}
