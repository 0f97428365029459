package dev.threshold.identity.accept;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.password.api.PasswordCheckRequest;
import dev.threshold.identity.password.api.PasswordCheckResponse;
import dev.threshold.identity.reset.PasswordResetService;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

/**
 * The live checklist of the invitation landing page and of the reset page: which rules a password
 * would fail if the invitation were accepted (or the emailed reset link used) with it now. Public,
 * like the invitation and reset lookups; the token picks the org's policy and the person's email
 * and name. Never echoes, stores or logs the password.
 */
@Path("/api/v2/auth/password/check")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class PasswordCheckResource {

    private final AcceptInvitationService accepts;
    private final PasswordResetService resets;

    public PasswordCheckResource(AcceptInvitationService accepts, PasswordResetService resets) {
        this.accepts = accepts;
        this.resets = resets;
    }

    @POST
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Check a password against the org policy of an invitation (invitationToken) or a reset link (resetToken), without setting it")
    public Uni<PasswordCheckResponse> check(@Valid @NotNull PasswordCheckRequest request, @Context HttpHeaders headers) {
        if (request.resetToken() != null && !request.resetToken().isBlank()) {
            return resets.check(request.resetToken(), request.password(), headers.getAcceptableLanguages())
                    .map(PasswordCheckResponse::of);
        }
        if (request.invitationToken() == null || request.invitationToken().isBlank()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("/invitationToken", "required", "must not be blank")));
        }
        return accepts.check(request.invitationToken(), request.password(), headers.getAcceptableLanguages())
                .map(PasswordCheckResponse::of);
    }
}
