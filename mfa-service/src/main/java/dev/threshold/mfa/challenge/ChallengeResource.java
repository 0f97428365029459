package dev.threshold.mfa.challenge;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.challenge.api.ChallengeRequest;
import dev.threshold.mfa.challenge.api.ChallengeResponse;
import dev.threshold.mfa.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Login step two, with the mfaToken ({@code mfa_action: challenge}) identity-service handed out. */
@Path("/api/v2/mfa/challenge")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MFA login")
public class ChallengeResource {

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
    @Operation(summary = "A TOTP code or a recovery code for an mfaProof of this login flow")
    public Uni<ChallengeResponse> challenge(@Valid @NotNull ChallengeRequest request) {
        Caller caller = Caller.of(identity, region.region()).requireChallenge();
        return challenges.challenge(caller, request);
    }
}
