package dev.threshold.identity.user;

import dev.threshold.common.problem.PathIds;
import dev.threshold.common.problem.QueryParams;
import dev.threshold.common.caller.CurrentCaller;
import dev.threshold.identity.user.api.UserPage;
import dev.threshold.identity.user.api.UserResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v2/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class UserResource {

    private final UserService users;
    private final CurrentCaller caller;

    public UserResource(UserService users, CurrentCaller caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Org admin: the organization's users, optionally by state")
    public Uni<UserPage> list(@QueryParam("state") String state, @QueryParam("pageSize") String pageSize,
            @QueryParam("pageNumber") String pageNumber) {
        return users.list(caller.get().orgId(), QueryParams.enumParam("state", state, UserState.class),
                QueryParams.intParam("pageNumber", pageNumber, 1, 1, 1_000_000),
                QueryParams.intParam("pageSize", pageSize, 25, 1, 500));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Org admin: one user of the organization")
    public Uni<UserResponse> get(@PathParam("id") String id) {
        return users.get(caller.get().orgId(), PathIds.uuid(id));
    }
}
