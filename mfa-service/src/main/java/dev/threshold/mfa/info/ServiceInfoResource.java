package dev.threshold.mfa.info;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.region.ServiceInfo;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v2/mfa/service-info")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ServiceInfoResource {

    private final RegionConfig config;

    public ServiceInfoResource(RegionConfig config) {
        this.config = config;
    }

    @GET
    @Operation(summary = "Which service and region answered; used to check region routing")
    public ServiceInfo info() {
        return ServiceInfo.of(config);
    }
}
