package dev.threshold.identity.sso.saml;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SAML 2.0 service provider endpoints of one identity provider (public: the IdP and the browser call
 * them). Sign-in starts at {@code /api/v2/auth/sso/{idpId}/start} as for OpenID Connect.
 */
@Path("/api/v2/auth/sso/{idpId}/saml")
@Tag(name = "SSO")
public class SamlResource {

    private final SamlFlow flow;

    public SamlResource(SamlFlow flow) {
        this.flow = flow;
    }

    @GET
    @Path("metadata")
    @PermitAll
    @Produces({"application/samlmetadata+xml", MediaType.APPLICATION_XML, MediaType.WILDCARD})
    @Operation(summary = "Public: our SAML service provider metadata for this identity provider (entity id, ACS URL, certificate)")
    public Uni<Response> metadata(@PathParam("idpId") String idpId) {
        return flow.metadata(id(idpId), flow.base());
    }

    @POST
    @Path("acs")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Browser: the assertion consumer service (HTTP-POST binding); 303 to finish, or to returnTo?error=")
    public Uni<Response> acs(@PathParam("idpId") String idpId, @FormParam("SAMLResponse") String samlResponse,
            @FormParam("RelayState") String relayState) {
        UUID id = parse(idpId);
        return flow.acs(id == null ? new UUID(0, 0) : id, samlResponse, relayState, flow.base());
    }

    @GET
    @Path("finish")
    @PermitAll
    @Operation(summary = "Browser: the same-site hop after the ACS; sets the refresh cookie and redirects to returnTo")
    public Uni<Response> finish(@PathParam("idpId") String idpId, @QueryParam("code") String code,
            @Context RoutingContext context) {
        UUID id = parse(idpId);
        if (id == null) {
            return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_FLOW_INVALID));
        }
        return flow.finish(id, code, context.request());
    }

    private static UUID id(String idpId) {
        UUID id = parse(idpId);
        if (id == null) {
            throw new ProblemException(IdentityProblem.IDENTITY_PROVIDER_NOT_FOUND);
        }
        return id;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
