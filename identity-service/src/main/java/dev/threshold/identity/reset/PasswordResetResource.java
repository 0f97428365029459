package dev.threshold.identity.reset;

import dev.threshold.identity.login.ClientAddress;
import dev.threshold.identity.login.LoginResponses;
import dev.threshold.identity.reset.api.ForgotPasswordRequest;
import dev.threshold.identity.reset.api.ResetLookupResponse;
import dev.threshold.identity.reset.api.ResetPasswordRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

/** Forgotten passwords: ask for an emailed link, look it up, set a new password with it. Public. */
@Path("/api/v2/auth/password")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class PasswordResetResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final PasswordResetService resets;
    private final ClientAddress clientAddress;
    private final LoginResponses responses;

    public PasswordResetResource(PasswordResetService resets, ClientAddress clientAddress, LoginResponses responses) {
        this.resets = resets;
        this.clientAddress = clientAddress;
        this.responses = responses;
    }

    @POST
    @Path("forgot")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Email a reset link to this address if it has a password account here: always 202, whether or not it does")
    public Uni<Response> forgot(@Valid @NotNull ForgotPasswordRequest request, @Context HttpServerRequest http) {
        return resets.forgot(request.email(), clientAddress.of(http))
                .map(ignored -> Response.accepted().cacheControl(NO_STORE).build());
    }

    @GET
    @Path("reset")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Whose reset link this is, and the password policy to meet (404/410 for dead links)")
    public Uni<ResetLookupResponse> lookup(@QueryParam("token") String token) {
        return resets.lookup(token);
    }

    @POST
    @Path("reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a new password with the emailed link (once): every session ends, then a login result (the MFA step still applies)")
    public Uni<Response> reset(@Valid @NotNull ResetPasswordRequest request, @Context HttpHeaders headers) {
        return resets.reset(request, headers.getAcceptableLanguages()).map(responses::toResponse);
    }
}
