package dev.threshold.mfa.device;

import dev.threshold.common.problem.PathIds;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.device.api.CodeRequest;
import dev.threshold.mfa.device.api.CreateEnrollmentRequest;
import dev.threshold.mfa.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Enrolling a TOTP device: with an access token (My Account) or an mfaToken for {@code enroll}
 * (login of a user who must enroll). Responses carry secrets: never cached.
 */
@Path("/api/v2/mfa/enrollments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA enrollment")
public class EnrollmentResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final DeviceService service;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public EnrollmentResource(DeviceService service, SecurityIdentity identity, RegionConfig region) {
        this.service = service;
        this.identity = identity;
        this.region = region;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start enrolling a named device: secret, otpauth URI and QR code; pending until validated")
    public Uni<Response> enroll(@Valid @NotNull CreateEnrollmentRequest request) {
        Caller caller = caller().requireEnrollment();
        return service.enroll(caller, request.name()).map(created -> Response.created(
                URI.create("/api/v2/mfa/enrollments/" + created.id())).cacheControl(NO_STORE).entity(created).build());
    }

    @GET
    @Path("{id}/qr.png")
    @Produces("image/png")
    @Operation(summary = "The QR code of a pending enrollment (its owner only)")
    public Uni<Response> qr(@PathParam("id") String id) {
        Caller caller = caller().requireEnrollment();
        return service.qrPng(caller, PathIds.uuid(id))
                .map(png -> Response.ok(png, "image/png").cacheControl(NO_STORE).build());
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the device with a code: returns it, 10 new recovery codes and, during login, the mfaProof")
    public Uni<Response> validate(@PathParam("id") String id, @Valid @NotNull CodeRequest request) {
        Caller caller = caller().requireEnrollment();
        return service.validate(caller, PathIds.uuid(id), request.code())
                .map(validated -> Response.ok(validated).cacheControl(NO_STORE).build());
    }

    private Caller caller() {
        return Caller.of(identity, region.region());
    }

}
