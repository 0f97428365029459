package dev.threshold.identity.accept;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** invitation-service of this region: look up a token (public) and redeem it exactly once (internal). */
@RegisterRestClient(configKey = "invitation")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface InvitationClient {

    @GET
    @Path("api/v2/invitations/lookup")
    Uni<Lookup> lookup(@QueryParam("token") String token);

    @POST
    @Path("internal/invitations/redeem")
    Uni<Redeemed> redeem(@HeaderParam("Authorization") String authorization, RedeemRequest request);

    /**
     * invitation-service's problem codes become ours; anything unexpected means it is unavailable
     * ({@link Unavailable}: counted by the circuit breaker, a 503 to the client).
     */
    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        String code = null;
        try {
            response.bufferEntity();
            Map<?, ?> body = response.readEntity(Map.class);
            code = body == null ? null : (String) body.get("code");
        } catch (RuntimeException unreadable) {
            // not problem+json: treated as unavailable below
        }
        IdentityProblem problem = switch (code == null ? "" : code) {
            case "invitation_not_found" -> IdentityProblem.INVITATION_NOT_FOUND;
            case "invitation_expired" -> IdentityProblem.INVITATION_EXPIRED;
            case "invitation_revoked" -> IdentityProblem.INVITATION_REVOKED;
            case "invitation_used" -> IdentityProblem.INVITATION_USED;
            default -> response.getStatus() == 400 || response.getStatus() == 404
                    ? IdentityProblem.INVITATION_NOT_FOUND : null;
        };
        return problem == null ? new Unavailable("invitation-service answered " + response.getStatus())
                : new ProblemException(problem);
    }

    /** invitation-service answered, but not with one of its problem codes. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lookup(String email, String name, String orgName, String region, boolean ssoOnly, Instant expiresAt,
            String locale) {
    }

    record RedeemRequest(String token) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Redeemed(UUID invitationId, UUID orgId, String email, String name, List<String> roles, String locale) {
    }
}
