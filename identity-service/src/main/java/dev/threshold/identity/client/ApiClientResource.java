package dev.threshold.identity.client;

import dev.threshold.identity.client.api.ApiClientPage;
import dev.threshold.identity.client.api.ApiClientResponse;
import dev.threshold.identity.client.api.CreateApiClientRequest;
import dev.threshold.common.caller.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v2/oauth/clients")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API clients")
public class ApiClientResource {

    private final ApiClientService clients;
    private final CurrentCaller caller;

    public ApiClientResource(ApiClientService clients, CurrentCaller caller) {
        this.clients = clients;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Org admin: a new API client; its secret is in this answer only")
    public Uni<Response> create(@Valid @NotNull CreateApiClientRequest request) {
        return clients.create(caller.get().orgId(), caller.get().subject(), request)
                .map(created -> Response.status(201).entity(created).cacheControl(CacheControl.valueOf("no-store"))
                        .build());
    }

    @GET
    @Operation(summary = "Org admin: the organization's API clients (never their secrets)")
    public Uni<ApiClientPage> list() {
        return clients.list(caller.get().orgId());
    }

    @GET
    @Path("{clientId}")
    @Operation(summary = "Org admin: one API client")
    public Uni<ApiClientResponse> get(@PathParam("clientId") String clientId) {
        return clients.get(caller.get().orgId(), clientId);
    }

    @DELETE
    @Path("{clientId}")
    @Operation(summary = "Org admin: delete an API client; it gets no new tokens")
    public Uni<Response> delete(@PathParam("clientId") String clientId) {
        return clients.delete(caller.get().orgId(), clientId).map(ignored -> Response.noContent().build());
    }
}
