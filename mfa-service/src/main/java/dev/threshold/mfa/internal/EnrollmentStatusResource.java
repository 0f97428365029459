package dev.threshold.mfa.internal;

import dev.threshold.common.problem.PathIds;
import dev.threshold.mfa.account.DeviceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * identity-service asks at every password login whether the person has an active MFA device:
 * mfa-service owns that fact (the {@code mfa.enrolled} event only keeps read models). Not routed
 * by the gateway; {@code Authorization: Internal <token>} is checked by
 * common's {@link dev.threshold.common.internal.InternalAuthFilter}.
 */
@Path("/internal/mfa/users/{userId}/enrolled")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class EnrollmentStatusResource {

    private final DeviceService devices;

    public EnrollmentStatusResource(DeviceService devices) {
        this.devices = devices;
    }

    /** {@code enrolled}: at least one active device; {@code devices}: how many. */
    public record EnrollmentStatus(boolean enrolled, long devices) {
    }

    @GET
    @Operation(summary = "Whether the user of the org has an active MFA device (internal, for the login decision)")
    public Uni<EnrollmentStatus> enrolled(@PathParam("userId") String userId, @QueryParam("orgId") String orgId) {
        String user = PathIds.uuid(userId).toString();
        UUID org = PathIds.uuid(orgId == null ? "" : orgId);
        return devices.activeDevices(user, org).map(count -> new EnrollmentStatus(count > 0, count));
    }
}
