package dev.threshold.common.region;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET <prefix>/service-info}: which service and region answered, public, used to check
 * region routing (docs/CONVENTIONS.md). The prefix is the service's own, so there is one endpoint
 * per service below, and the build keeps the one its {@code threshold.service} names.
 */
public abstract class ServiceInfoResource {

    static final String SERVICE = "threshold.service";

    @Inject
    RegionConfig config;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which service and region answered; used to check region routing")
    public ServiceInfo info() {
        return ServiceInfo.of(config);
    }

    @Path("/api/v2/service-info")
    @IfBuildProperty(name = SERVICE, stringValue = "identity-service")
    public static class Identity extends ServiceInfoResource {
    }

    @Path("/api/v2/mfa/service-info")
    @IfBuildProperty(name = SERVICE, stringValue = "mfa-service")
    public static class Mfa extends ServiceInfoResource {
    }

    @Path("/api/v2/invitations/service-info")
    @IfBuildProperty(name = SERVICE, stringValue = "invitation-service")
    public static class Invitation extends ServiceInfoResource {
    }
}
