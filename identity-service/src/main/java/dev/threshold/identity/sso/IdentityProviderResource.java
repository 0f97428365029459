package dev.threshold.identity.sso;

import dev.threshold.common.caller.Caller;
import dev.threshold.common.caller.CurrentCaller;
import dev.threshold.identity.sso.api.IdentityProviderPage;
import dev.threshold.identity.sso.api.IdentityProviderPatch;
import dev.threshold.identity.sso.api.IdentityProviderRequest;
import dev.threshold.identity.sso.api.IdentityProviderResponse;
import dev.threshold.common.problem.PathIds;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
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

/**
 * Org admin: the organization's OpenID Connect providers. The client secret goes in, never out.
 * People only: API clients are refused by {@link HumanAdminFilter} before the body is read.
 */
@Path("/api/v2/orgs/me/identityproviders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "SSO")
public class IdentityProviderResource {

    private final IdentityProviderService providers;
    private final CurrentCaller caller;

    public IdentityProviderResource(IdentityProviderService providers, CurrentCaller caller) {
        this.providers = providers;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Org admin: the identity providers of the organization")
    public Uni<IdentityProviderPage> list() {
        return providers.list(caller.get().orgId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Org admin: add an OpenID Connect provider (its discovery document is checked first)")
    public Uni<Response> create(@Valid @NotNull IdentityProviderRequest request) {
        return providers.create(actor(), request).map(created -> Response
                .created(URI.create("/api/v2/orgs/me/identityproviders/" + created.id())).entity(created).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Org admin: one identity provider")
    public Uni<IdentityProviderResponse> get(@PathParam("id") String id) {
        return providers.get(caller.get().orgId(), PathIds.uuid(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Org admin: change any subset of an identity provider (a new issuer is discovered again)")
    public Uni<IdentityProviderResponse> update(@PathParam("id") String id, @Valid @NotNull IdentityProviderPatch patch) {
        return providers.update(actor(), PathIds.uuid(id), patch);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Org admin: remove an identity provider (not the last one of an SSO-only org)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return providers.delete(actor(), PathIds.uuid(id)).map(ignored -> Response.noContent().build());
    }

    /** The person changing a provider (checked once more here, in case the filter's path ever drifts). */
    private IdentityProviderService.Actor actor() {
        Caller me = caller.get();
        if (me.isApiClient()) {
            throw new ProblemException(IdentityProblem.HUMAN_ADMIN_REQUIRED);
        }
        return new IdentityProviderService.Actor(me.orgId(),
                me.userId().orElseThrow(() -> new ProblemException(IdentityProblem.USER_NOT_FOUND)));
    }
}
