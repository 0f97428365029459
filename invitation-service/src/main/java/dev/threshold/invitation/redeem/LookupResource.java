package dev.threshold.invitation.redeem;

import dev.threshold.common.problem.CommonProblem;
import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.redeem.api.LookupResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public: the set-password page reads what an invitation link is for. No bearer. */
@Path("/api/v2/invitations/lookup")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invitations")
public class LookupResource {

    private static final int MAX_TOKEN_LENGTH = 100;
    private final TokenService tokens;

    public LookupResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    @Operation(summary = "What an invitation link is for: 404 invitation_not_found,"
            + " 410 invitation_expired|invitation_revoked|invitation_used")
    public Uni<LookupResponse> lookup(@QueryParam("token") String token) {
        if (token == null || token.isBlank()) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("/token", "required", null)));
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw ProblemException.withErrors(CommonProblem.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("/token", "size", null)));
        }
        return tokens.lookup(token);
    }
}
