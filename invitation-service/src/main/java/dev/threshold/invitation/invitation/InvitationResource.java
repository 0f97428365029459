package dev.threshold.invitation.invitation;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.invitation.api.BulkInvitationRequest;
import dev.threshold.invitation.invitation.api.CreateInvitationRequest;
import dev.threshold.invitation.invitation.api.InvitationPage;
import dev.threshold.invitation.invitation.api.InvitationResponse;
import dev.threshold.common.caller.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Org admins and API clients (role {@code admin}) manage the invitations of their own org. */
@Path("/api/v2/invitations")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invitations")
public class InvitationResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final InvitationService invitations;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public InvitationResource(InvitationService invitations, SecurityIdentity identity, RegionConfig region) {
        this.invitations = invitations;
        this.identity = identity;
        this.region = region;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite one person; the email goes out after commit. Honors Idempotency-Key")
    public Uni<Response> create(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotNull CreateInvitationRequest request) {
        Caller caller = caller();
        String key = IdempotencyStore.validKey(idempotencyKey);
        NewInvitation invitation = new NewInvitation(request.email(), request.name(), request.roles(), request.locale(),
                caller.displayName());
        return invitations.create(caller.orgId(), invitation, key, request).map(InvitationResource::respond);
    }

    @POST
    @Path("bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite up to 1000 people; every row gets its own result. Honors Idempotency-Key")
    public Uni<Response> bulk(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotNull BulkInvitationRequest request) {
        Caller caller = caller();
        String key = IdempotencyStore.validKey(idempotencyKey);
        return invitations.bulk(caller.orgId(), request.invitations(), caller.displayName(), key, request)
                .map(InvitationResource::respond);
    }

    @GET
    @Operation(summary = "Invitations of the org, newest first; filter by status")
    public Uni<InvitationPage> list(@QueryParam("status") String status, @QueryParam("pageSize") String pageSize,
            @QueryParam("pageNumber") String pageNumber) {
        Caller caller = caller();
        Paging.Query query = Paging.parse(status, pageSize, pageNumber);
        return invitations.list(caller.orgId(), query.status(), query.pageNumber(), query.pageSize());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One invitation with the state of its email")
    public Uni<InvitationResponse> get(@PathParam("id") String id) {
        return invitations.get(caller().orgId(), Paging.id(id));
    }

    @POST
    @Path("{id}/resend")
    @Operation(summary = "New token and new email; the previous link stops working")
    public Uni<Response> resend(@PathParam("id") String id) {
        return invitations.resend(caller().orgId(), Paging.id(id))
                .map(response -> Response.accepted(response).build());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke: the invitation becomes REVOKED and its link stops working")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return invitations.revoke(caller().orgId(), Paging.id(id)).map(ignored -> Response.noContent().build());
    }

    private Caller caller() {
        return Caller.of(identity, region.region());
    }

    private static Response respond(InvitationService.Outcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON)
                .entity(outcome.body());
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        if (outcome.status() == 201 && outcome.body() instanceof InvitationResponse created) {
            response.location(URI.create("/api/v2/invitations/" + created.id()));
        }
        return response.build();
    }
}
