package dev.threshold.identity.org;

import dev.threshold.identity.org.api.CreateOrganizationRequest;
import dev.threshold.identity.org.api.OrganizationResponse;
import dev.threshold.identity.security.OperatorOnly;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v2/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    private final OrganizationService organizations;
    public OrganizationResource(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @POST
    @OperatorOnly
    @Operation(summary = "Operator: create an organization in this region and invite its first admin")
    public Uni<Response> create(@Valid @NotNull CreateOrganizationRequest request) {
        return organizations.create(request)
                .map(created -> Response.created(URI.create("/api/v2/orgs/" + created.id())).entity(created).build());
    }
}
