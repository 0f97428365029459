package dev.threshold.mfa.account;

import dev.threshold.common.problem.PathIds;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.account.api.DeviceResponse;
import dev.threshold.mfa.account.api.RenameRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** My Account: a user's own validated devices, with their access token only (never an mfaToken). */
@Path("/api/v2/mfa/devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA devices")
public class DeviceResource {

    private final DeviceService service;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public DeviceResource(DeviceService service, SecurityIdentity identity, RegionConfig region) {
        this.service = service;
        this.identity = identity;
        this.region = region;
    }

    @GET
    @Operation(summary = "The caller's validated devices, oldest first")
    public Uni<List<DeviceResponse>> list() {
        return service.list(caller());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a device")
    public Uni<DeviceResponse> rename(@PathParam("id") String id, @Valid @NotNull RenameRequest request) {
        Caller caller = caller();
        return service.rename(caller, PathIds.uuid(id), request.name());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a device; needs X-MFA-Code: a current code of one of the caller's devices or an unused"
            + " recovery code (else 403 step_up_required)")
    public Uni<Response> delete(@PathParam("id") String id, @HeaderParam(StepUp.HEADER) String code) {
        Caller caller = caller();
        return service.delete(caller, PathIds.uuid(id), code).map(ignored -> Response.noContent().build());
    }

    private Caller caller() {
        return Caller.of(identity, region.region()).requireUserAccessToken();
    }
}
