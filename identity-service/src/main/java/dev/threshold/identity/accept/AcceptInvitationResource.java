package dev.threshold.identity.accept;

import dev.threshold.identity.accept.api.AcceptInvitationRequest;
import dev.threshold.identity.login.LoginResponses;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v2/auth/invitations/accept")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class AcceptInvitationResource {

    private final AcceptInvitationService accepts;
    private final LoginResponses responses;

    public AcceptInvitationResource(AcceptInvitationService accepts, LoginResponses responses) {
        this.accepts = accepts;
        this.responses = responses;
    }

    @POST
    @Operation(summary = "First login: set a password for an invitation and get logged in (a login result)")
    public Uni<Response> accept(@Valid @NotNull AcceptInvitationRequest request, @Context HttpHeaders headers) {
        return accepts.accept(request, headers.getAcceptableLanguages()).map(responses::toResponse);
    }
}
