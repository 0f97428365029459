package dev.threshold.identity.mfa;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** mfa-service of this region, internal: whether a person has an active MFA device. */
@RegisterRestClient(configKey = "mfa")
@Path("/internal/mfa")
@Produces(MediaType.APPLICATION_JSON)
public interface MfaClient {

    @GET
    @Path("users/{userId}/enrolled")
    Uni<EnrollmentStatus> enrolled(@HeaderParam("Authorization") String authorization,
            @PathParam("userId") UUID userId, @QueryParam("orgId") UUID orgId);

    /** Any error answer means mfa-service cannot tell: the caller fails closed. */
    @ClientExceptionMapper
    static RuntimeException toFailure(Response response) {
        return new MfaEnrollment.Unavailable("mfa-service answered " + response.getStatus());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EnrollmentStatus(boolean enrolled, long devices) {
    }
}
