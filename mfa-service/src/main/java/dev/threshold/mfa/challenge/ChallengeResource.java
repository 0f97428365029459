package dev.threshold.mfa.challenge;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.challenge.api.ChallengeRequest;
import dev.threshold.mfa.challenge.api.ChallengeResponse;
import dev.threshold.common.caller.Caller;
import dev.threshold.common.caller.Claims;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Login step two, with the mfaToken ({@code mfa_action: challenge}) identity-service handed out. */
@Path("/api/v2/mfa/challenge")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA login")
public class ChallengeResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final ChallengeService challenges;
    private final SecurityIdentity identity;
    private final RegionConfig region;

    public ChallengeResource(ChallengeService challenges, SecurityIdentity identity, RegionConfig region) {
        this.challenges = challenges;
        this.identity = identity;
        this.region = region;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A TOTP code, a recovery code or a passkey assertion (credential) for an mfaProof of this login"
            + " flow")
    public Uni<ChallengeResponse> challenge(@Valid @NotNull ChallengeRequest request) {
        Caller caller = Caller.of(identity, region.region()).requireMfaToken(Claims.CHALLENGE);
        return challenges.challenge(caller, request);
    }

    /**
     * Request options for the caller's passkeys: with the login's mfaToken ({@code challenge}) for
     * this flow, or with an access token for a step-up in My Account (the assertion then goes into
     * {@code X-MFA-Code}).
     */
    @POST
    @Path("options")
    @Operation(summary = "WebAuthn request options (publicKey) for the caller's passkeys, and the kinds of device the"
            + " caller has; 409 passkey_not_enrolled without a passkey")
    public Uni<Response> options() {
        Caller caller = Caller.of(identity, region.region());
        if (caller.isMfaToken()) {
            caller.requireMfaToken(Claims.CHALLENGE);
        } else {
            caller.requireUserAccessToken();
        }
        return challenges.options(caller).map(options -> Response.ok(options).cacheControl(NO_STORE).build());
    }
}
