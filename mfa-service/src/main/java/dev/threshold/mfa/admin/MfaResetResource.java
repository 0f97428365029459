package dev.threshold.mfa.admin;

import dev.threshold.common.problem.PathIds;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.caller.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Org admins (role {@code admin}, access token) reset the MFA of a user of their own org. */
@Path("/api/v2/mfa/users/{userId}/devices")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA admin")
public class MfaResetResource {

    private final MfaResetService resets;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public MfaResetResource(MfaResetService resets, SecurityIdentity identity, RegionConfig region) {
        this.resets = resets;
        this.identity = identity;
        this.region = region;
    }

    @DELETE
    @Operation(summary = "Remove all MFA of a user (devices, pending enrollments, recovery codes); emits mfa.reset."
            + " 404 user_not_found when the org has no MFA data of that user")
    public Uni<Response> reset(@PathParam("userId") String userId) {
        Caller caller = Caller.of(identity, region.region()).requireAccessToken();
        String user = PathIds.uuid(userId).toString();
        return resets.reset(caller.orgId(), user, caller.subject()).map(ignored -> Response.noContent().build());
    }
}
