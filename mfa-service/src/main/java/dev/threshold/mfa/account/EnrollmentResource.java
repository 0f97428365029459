package dev.threshold.mfa.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.threshold.common.problem.PathIds;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.caller.Caller;
import dev.threshold.common.caller.Claims;
import dev.threshold.mfa.account.api.CreateEnrollmentRequest;
import dev.threshold.mfa.account.api.ValidateRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Enrolling a device, a TOTP authenticator or a passkey: with an access token (My Account) or an
 * mfaToken for {@code enroll} (login of a user who must enroll). Responses carry secrets or
 * challenges: never cached.
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
    private final ObjectReader enrollmentReader;

    public EnrollmentResource(DeviceService service, SecurityIdentity identity, RegionConfig region, ObjectMapper mapper) {
        this.service = service;
        this.identity = identity;
        this.region = region;
        this.enrollmentReader = mapper.readerFor(CreateEnrollmentRequest.class);
    }

    /**
     * The body is read only when the service asks for it, after the step-up (the caller is
     * authenticated and authorized before its body is validated): a malformed or unknown-field
     * body of someone who owes a step-up is {@code 403 step_up_required}, not {@code 400}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateEnrollmentRequest.class)))
    @Operation(summary = "Start enrolling a named device: type totp (default) gets a secret, otpauth URI and QR code,"
            + " type webauthn the passkey's creation options (publicKey); pending until validated. With an access token, a"
            + " further device needs X-MFA-Code (a current code, an unused recovery code or a passkey assertion)")
    public Uni<Response> enroll(byte[] body, @HeaderParam(StepUp.HEADER) String stepUpCode) {
        Caller caller = caller();
        return service.enroll(caller, Uni.createFrom().deferred(() -> request(body)), stepUpCode).map(created -> Response.created(
                URI.create("/api/v2/mfa/enrollments/" + created.id())).cacheControl(NO_STORE).entity(created).build());
    }

    /** The {@code name} of the body; no body is no name. Bad JSON fails with Jackson's exception (common's mappers). */
    private Uni<CreateEnrollmentRequest> request(byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return Uni.createFrom().nullItem();
        }
        try {
            CreateEnrollmentRequest request = enrollmentReader.readValue(body);
            return Uni.createFrom().item(request);
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
    }

    @GET
    @Path("{id}/qr.png")
    @Produces("image/png")
    @Operation(summary = "The QR code of a pending enrollment (its owner only)")
    public Uni<Response> qr(@PathParam("id") String id) {
        Caller caller = caller();
        return service.qrPng(caller, PathIds.uuid(id))
                .map(png -> Response.ok(png, "image/png").cacheControl(NO_STORE).build());
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the device with a code (totp) or its registration response (webauthn, credential):"
            + " returns it, 10 recovery codes (first device only) and, during login, the mfaProof")
    public Uni<Response> validate(@PathParam("id") String id, @Valid @NotNull ValidateRequest request) {
        Caller caller = caller();
        return service.validate(caller, PathIds.uuid(id), request.code(), request.credential())
                .map(validated -> Response.ok(validated).cacheControl(NO_STORE).build());
    }

    /** A person enrolls with an access token, or during a login with its mfaToken for {@code enroll}. */
    private Caller caller() {
        Caller caller = Caller.of(identity, region.region());
        return caller.isMfaToken() ? caller.requireMfaToken(Claims.ENROLL) : caller.requireUserAccessToken();
    }

}
