package dev.threshold.identity.accept;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.login.LoginCompletion;
import dev.threshold.identity.login.LoginOutcome;
import dev.threshold.identity.password.CheckPool;
import dev.threshold.identity.password.HashingPool;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.password.PasswordHasher;
import dev.threshold.identity.password.PasswordPolicyChecker;
import dev.threshold.identity.password.PasswordProblem;
import dev.threshold.identity.password.PersonalInputs;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.user.PasswordHistory;
import dev.threshold.identity.user.PasswordHistoryRepository;
import dev.threshold.identity.user.SupportedLocales;
import dev.threshold.identity.user.UserService;
import dev.threshold.identity.accept.api.AcceptInvitationRequest;
import dev.threshold.common.problem.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * First login: the invitee sets a password. Everything that can fail for the person's input (the
 * link, the org, the password policy) is checked before the token is redeemed, because redeeming
 * is final; then the user becomes active and is logged in at once (or sent to the MFA step).
 */
@ApplicationScoped
public class AcceptInvitationService {

    private static final Logger LOG = Logger.getLogger(AcceptInvitationService.class);

    private final Invitations invitations;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final PasswordPolicyChecker policy;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final CheckPool checks;
    private final UserService users;
    private final PasswordHistoryRepository history;
    private final SupportedLocales locales;
    private final LoginCompletion completion;
    private final String internalAuthorization;

    public AcceptInvitationService(Invitations invitations, OrganizationRepository organizations,
            OrganizationService organizationService, PasswordPolicyChecker policy, PasswordHasher hasher,
            HashingPool hashing, UserService users, PasswordHistoryRepository history, SupportedLocales locales,
            LoginCompletion completion, InternalConfig internal, CheckPool checks) {
        this.checks = checks;
        this.invitations = invitations;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.policy = policy;
        this.hasher = hasher;
        this.hashing = hashing;
        this.users = users;
        this.history = history;
        this.locales = locales;
        this.completion = completion;
        this.internalAuthorization = "Internal " + internal.token();
    }

    public Uni<LoginOutcome> accept(AcceptInvitationRequest request, List<Locale> languages) {
        String chosenLocale = request.locale() == null ? null : locales.require(request.locale());
        return call(invitations.lookup(request.token()))
                .chain(lookup -> Panache.withSession(() -> organizations.findByName(lookup.orgName()))
                        .map(org -> {
                            if (org == null) {
                                throw new ProblemException(IdentityProblem.INVITATION_NOT_FOUND);
                            }
                            OrgSettings settings = organizationService.settingsOf(org);
                            if (settings.ssoOnly()) {
                                throw new ProblemException(IdentityProblem.SSO_REQUIRED);
                            }
                            return new Target(org, settings, inputs(lookup));
                        }))
                // The estimator costs a few ms: on the hashing pool, never on the event loop.
                .call(target -> hashing.run(() -> policy.check(target.settings().passwordPolicy(), request.password(),
                                "/password", languages, target.inputs()))
                        .invoke(unmet -> {
                            if (!unmet.isEmpty()) {
                                throw ProblemException.withErrors(PasswordProblem.POLICY, unmet);
                            }
                        }))
                .chain(target -> hashing.run(() -> hasher.hash(request.password()))
                        .chain(hash -> call(invitations.redeem(internalAuthorization,
                                        new InvitationClient.RedeemRequest(request.token())))
                                .chain(redeemed -> activate(redeemed, hash, chosenLocale)))
                        .chain(user -> completion.afterPassword(user, target.org(), target.settings(),
                                request.cookieMode(), null)));
    }

    /**
     * The live check of the invitation landing page: the same rules, with the policy of the
     * invitation's org and the invitee's email and name, as {@link #accept} would apply.
     * Dead links answer as {@link #accept} does (404/410 problems); nothing is redeemed.
     */
    public Uni<PasswordPolicyChecker.Verdict> check(String token, String password, List<Locale> languages) {
        return call(invitations.lookup(token))
                .chain(lookup -> Panache.withSession(() -> organizations.findByName(lookup.orgName()))
                        .map(org -> {
                            if (org == null) {
                                throw new ProblemException(IdentityProblem.INVITATION_NOT_FOUND);
                            }
                            return new Target(org, organizationService.settingsOf(org), inputs(lookup));
                        }))
                .chain(target -> checks.run(() -> policy.evaluate(target.settings().passwordPolicy(), password,
                        "/password", languages, target.inputs())));
    }

    private static PersonalInputs inputs(InvitationClient.Lookup lookup) {
        return new PersonalInputs(lookup.email(), lookup.name(), lookup.orgName());
    }

    private Uni<dev.threshold.identity.user.User> activate(InvitationClient.Redeemed redeemed, String hash,
            String chosenLocale) {
        String locale = chosenLocale != null ? chosenLocale
                : locales.find(redeemed.locale()).orElse(null);
        return Panache.withTransaction(() -> users.activate(new UserService.Activation(redeemed.invitationId(),
                        redeemed.orgId(), redeemed.email(), redeemed.name(), redeemed.roles(), locale), hash,
                        LoginCompletion.PASSWORD)
                .call(user -> history.persist(PasswordHistory.of(user.id, hash, Instant.now()))))
                .invoke(user -> LOG.infof("invitation %s accepted: user %s active in org %s",
                        redeemed.invitationId(), user.id, user.orgId));
    }

    /**
     * Error answers, connection failures, time-outs and an open circuit breaker of invitation-service
     * are a 503 with Retry-After, never a 500.
     */
    private static <T> Uni<T> call(Uni<T> remote) {
        return remote.onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> {
                    LOG.warnf("invitation-service call failed: %s", failure.toString());
                    return ProblemException.withHeader(IdentityProblem.INVITATION_SERVICE_UNAVAILABLE, "Retry-After",
                            Integer.toString(Invitations.RETRY_AFTER_SECONDS));
                });
    }

    private record Target(Organization org, OrgSettings settings, PersonalInputs inputs) {
    }
}
