package dev.threshold.identity.org;

import dev.threshold.identity.org.api.OrganizationResponse;
import dev.threshold.identity.org.api.UpdateOrganizationRequest;
import dev.threshold.common.caller.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The caller's own organization; the org comes from the token, never from the request. */
@Path("/api/v2/orgs/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class MyOrganizationResource {

    private final OrganizationService organizations;
    private final CurrentCaller caller;

    public MyOrganizationResource(OrganizationService organizations, CurrentCaller caller) {
        this.organizations = organizations;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Org admin: the organization and its settings")
    public Uni<OrganizationResponse> get() {
        return organizations.get(caller.get().orgId());
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Org admin: change any subset of the settings (emits org.updated)")
    public Uni<OrganizationResponse> update(@Valid @NotNull UpdateOrganizationRequest request) {
        return organizations.update(caller.get().orgId(), request);
    }
}
