package dev.threshold.identity.login;

import dev.threshold.common.caller.Claims;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.login.api.MfaLoginRequest;
import dev.threshold.identity.mfa.RememberedDevices;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.token.AccessTokenVerifier;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Completes a login that waited for MFA: the mfaToken names the flow, mfa-service's proof shows the
 * second factor for that same flow, and the flow is consumed once, so neither can be replayed.
 */
@ApplicationScoped
public class MfaLoginService {

    private final AccessTokenVerifier tokens;
    private final MfaProofVerifier proofs;
    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final RememberedDevices rememberedDevices;
    private final LoginCompletion completion;
    private final LoginFlowRepository flows;
    private final Clock clock;

    public MfaLoginService(AccessTokenVerifier tokens, MfaProofVerifier proofs, UserRepository users,
            OrganizationRepository organizations, OrganizationService organizationService,
            RememberedDevices rememberedDevices, LoginCompletion completion, LoginFlowRepository flows, Clock clock) {
        this.flows = flows;
        this.tokens = tokens;
        this.proofs = proofs;
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.rememberedDevices = rememberedDevices;
        this.completion = completion;
        this.clock = clock;
    }

    public Uni<Completed> complete(MfaLoginRequest request) {
        return tokens.verifyMfaToken(request.mfaToken())
                .onFailure(AccessTokenVerifier.InvalidTokenException.class)
                .transform(e -> new ProblemException(IdentityProblem.MFA_FLOW_INVALID))
                .chain(mfaToken -> {
                    String userId = mfaToken.getSubject();
                    String flowId = String.valueOf(Claims.text(mfaToken, Claims.FLOW));
                    List<String> secondFactor = proofs.verify(request.mfaProof(), userId, flowId);
                    UUID flowUuid;
                    UUID userUuid;
                    try {
                        flowUuid = UUID.fromString(flowId);
                        userUuid = UUID.fromString(userId);
                    } catch (IllegalArgumentException e) {
                        return Uni.createFrom().failure(new ProblemException(IdentityProblem.MFA_FLOW_INVALID));
                    }
                    return consume(flowUuid, userUuid,
                            Boolean.TRUE.equals(request.rememberDevice()))
                            .chain(flow -> {
                                List<String> amr = new ArrayList<>(List.of("pwd"));
                                secondFactor.stream().filter(m -> !amr.contains(m)).forEach(amr::add);
                                return completion.authenticated(flow.user(), flow.org(), flow.settings(),
                                                flow.cookieMode(), LoginCompletion.PASSWORD, amr)
                                        .map(outcome -> new Completed(outcome, flow.rememberSecret(),
                                                flow.settings().mfaRememberDays()));
                            });
                });
    }

    private Uni<Flow> consume(UUID flowId, UUID userId, boolean rememberDevice) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> flows.findById(flowId)
                .chain(flow -> {
                    if (flow == null || !flow.userId.equals(userId) || flow.consumedAt != null
                            || !now.isBefore(flow.expiresAt)) {
                        return Uni.createFrom().failure(new ProblemException(IdentityProblem.MFA_FLOW_INVALID));
                    }
                    return flows.consume(flowId, now)
                            .chain(updated -> updated == 0
                                    ? Uni.createFrom().failure(new ProblemException(IdentityProblem.MFA_FLOW_INVALID))
                                    : users.findById(userId).chain(user -> organizations.findById(user.orgId)
                                            .chain(org -> finish(flow, user, org, rememberDevice))));
                }));
    }

    private Uni<Flow> finish(LoginFlow flow, User user, Organization org, boolean rememberDevice) {
        OrgSettings settings = organizationService.settingsOf(org);
        // whether the person enrolled is mfa-service's fact (asked at the next login); identity's
        // mfaEnrolled is a read model kept by the mfa.enrolled event alone
        Uni<String> remembered = rememberDevice && settings.mfaRememberDays() > 0
                ? rememberedDevices.remember(user.id, settings.mfaRememberDays())
                : Uni.createFrom().nullItem();
        return remembered.map(secret -> new Flow(user, org, settings, flow.cookieMode, secret));
    }

    private record Flow(User user, Organization org, OrgSettings settings, boolean cookieMode, String rememberSecret) {
    }

    /** The login, and the remembered-device secret when one was created. */
    public record Completed(LoginOutcome outcome, String rememberSecret, int rememberDays) {
    }
}
