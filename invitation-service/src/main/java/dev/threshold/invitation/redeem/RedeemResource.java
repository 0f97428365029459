package dev.threshold.invitation.redeem;

import dev.threshold.invitation.redeem.api.RedeemRequest;
import dev.threshold.invitation.redeem.api.RedeemResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * identity-service redeems an invitation token when the invitee sets a password (or signs in by
 * SSO). Not routed by the gateway; {@code Authorization: Internal <token>} is checked by
 * common's {@link dev.threshold.common.internal.InternalAuthFilter} before the body is read.
 */
@Path("/internal/invitations/redeem")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class RedeemResource {

    private final TokenService tokens;

    public RedeemResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Operation(summary = "Accept the invitation of a token, exactly once")
    public Uni<RedeemResponse> redeem(@Valid @NotNull RedeemRequest request) {
        return tokens.redeem(request.token());
    }
}
