package dev.threshold.mfa.account;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.common.caller.Caller;
import dev.threshold.mfa.account.api.NewRecoveryCodes;
import dev.threshold.mfa.account.api.RecoveryCodesStatus;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** My Account: the caller's recovery codes, with their access token only (never an mfaToken). */
@Path("/api/v2/mfa/recovery-codes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA recovery codes")
public class RecoveryCodeResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final RecoveryCodeService service;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public RecoveryCodeResource(RecoveryCodeService service, SecurityIdentity identity, RegionConfig region) {
        this.service = service;
        this.identity = identity;
        this.region = region;
    }

    @GET
    @Operation(summary = "Unused recovery codes left and when the set was made")
    public Uni<RecoveryCodesStatus> status() {
        return service.status(caller());
    }

    @POST
    @Operation(summary = "A new set of 10 recovery codes (shown once); the old set stops working. Needs X-MFA-Code:"
            + " a current code of one of the caller's devices or an unused recovery code (else 403 step_up_required)")
    public Uni<Response> regenerate(@HeaderParam(StepUp.HEADER) String stepUpCode) {
        Caller caller = caller();
        return service.regenerate(caller, stepUpCode)
                .map(codes -> Response.ok(codes).cacheControl(NO_STORE).build());
    }

    private Caller caller() {
        return Caller.of(identity, region.region()).requireUserAccessToken();
    }
}
