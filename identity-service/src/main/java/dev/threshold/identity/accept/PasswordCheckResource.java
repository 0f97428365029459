package dev.threshold.identity.accept;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.password.api.PasswordCheckRequest;
import dev.threshold.identity.password.api.PasswordCheckResponse;
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
 * The invitation landing page's live checklist: which rules a password would fail if the
 * invitation were accepted with it now. Public, like the invitation lookup; the invitation token
 * picks the org's policy and the invitee's email and name. Never echoes, stores or logs the password.
 */
@Path("/api/v2/auth/password/check")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Login")
public class PasswordCheckResource {

    private final AcceptInvitationService accepts;

    public PasswordCheckResource(AcceptInvitationService accepts) {
        this.accepts = accepts;
    }

    @POST
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Check a password against the invitation's org policy, without setting it")
    public Uni<PasswordCheckResponse> check(@Valid @NotNull PasswordCheckRequest request, @Context HttpHeaders headers) {
        if (request.invitationToken() == null || request.invitationToken().isBlank()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("/invitationToken", "required", "must not be blank")));
        }
        return accepts.check(request.invitationToken(), request.password(), headers.getAcceptableLanguages())
                .map(PasswordCheckResponse::of);
    }
}
