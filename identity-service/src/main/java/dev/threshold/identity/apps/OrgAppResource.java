package dev.threshold.identity.apps;

import dev.threshold.common.caller.CurrentCaller;
import dev.threshold.common.problem.PathIds;
import dev.threshold.identity.apps.api.OrgAppPage;
import dev.threshold.identity.apps.api.OrgAppPatch;
import dev.threshold.identity.apps.api.OrgAppRequest;
import dev.threshold.identity.apps.api.OrgAppResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Org admin: the organization's apps, shown as tiles on its people's splash screen. */
@Path("/api/v2/orgs/me/apps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Apps")
public class OrgAppResource {

    private final OrgAppService apps;
    private final CurrentCaller caller;

    public OrgAppResource(OrgAppService apps, CurrentCaller caller) {
        this.apps = apps;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Org admin: every app of the organization, in the order of the tiles")
    public Uni<OrgAppPage> list() {
        return apps.list(caller.get().orgId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Org admin: add an app (name, http(s) URL, optional description and icon, who sees it)")
    public Uni<Response> create(@Valid @NotNull OrgAppRequest request) {
        return apps.create(caller.get().orgId(), caller.get().subject(), request).map(created -> Response
                .created(URI.create("/api/v2/orgs/me/apps/" + created.id())).entity(created).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Org admin: one app")
    public Uni<OrgAppResponse> get(@PathParam("id") String id) {
        return apps.get(caller.get().orgId(), PathIds.uuid(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Org admin: change any subset of an app")
    public Uni<OrgAppResponse> update(@PathParam("id") String id, @Valid @NotNull OrgAppPatch patch) {
        return apps.update(caller.get().orgId(), caller.get().subject(), PathIds.uuid(id), patch);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Org admin: remove an app")
    public Uni<Response> delete(@PathParam("id") String id) {
        return apps.delete(caller.get().orgId(), caller.get().subject(), PathIds.uuid(id))
                .map(ignored -> Response.noContent().build());
    }
}
