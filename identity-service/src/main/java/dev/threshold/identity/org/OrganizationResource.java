package dev.threshold.identity.org;

import dev.threshold.identity.org.api.CreateOrganizationRequest;
import dev.threshold.identity.org.api.OrganizationResponse;
import dev.threshold.identity.security.OperatorAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v2/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    private final OrganizationService organizations;
    private final OperatorAuthenticator operator;

    public OrganizationResource(OrganizationService organizations, OperatorAuthenticator operator) {
        this.organizations = organizations;
        this.operator = operator;
    }

    @POST
    @Operation(summary = "Operator: create an organization in this region and invite its first admin")
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Valid @NotNull CreateOrganizationRequest request) {
        operator.requireOperator(authorization);
        return organizations.create(request)
                .map(created -> Response.created(URI.create("/api/v2/orgs/" + created.id())).entity(created).build());
    }
}
