package dev.threshold.identity.account;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.account.api.ChangePasswordRequest;
import dev.threshold.identity.account.api.MeResponse;
import dev.threshold.identity.account.api.UpdateMeRequest;
import dev.threshold.identity.login.LoginThrottle;
import dev.threshold.identity.password.CheckPool;
import dev.threshold.identity.password.HashingPool;
import dev.threshold.identity.mfa.RememberedDevices;
import dev.threshold.identity.notice.SecurityNotices;
import dev.threshold.identity.notice.events.UserSecurityChanged;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.password.PasswordHasher;
import dev.threshold.identity.password.PasswordPolicyChecker;
import dev.threshold.identity.password.PersonalInputs;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.user.SupportedLocales;
import dev.threshold.identity.session.SessionService;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.UserState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/** A person's own account: profile, language and password. */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final SupportedLocales locales;
    private final PasswordHasher hasher;
    private final PasswordPolicyChecker policy;
    private final NewPasswords newPasswords;
    private final HashingPool hashing;
    private final CheckPool checks;
    private final RememberedDevices rememberedDevices;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final AccountRepository accounts;
    private final SessionService sessions;
    private final SecurityNotices notices;

    public AccountService(UserRepository users, OrganizationRepository organizations,
            OrganizationService organizationService, SupportedLocales locales, PasswordHasher hasher,
            PasswordPolicyChecker policy, NewPasswords newPasswords, HashingPool hashing,
            RememberedDevices rememberedDevices, LoginThrottle throttle, Clock clock, AccountRepository accounts,
            CheckPool checks, SessionService sessions, SecurityNotices notices) {
        this.sessions = sessions;
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.locales = locales;
        this.hasher = hasher;
        this.policy = policy;
        this.newPasswords = newPasswords;
        this.hashing = hashing;
        this.checks = checks;
        this.rememberedDevices = rememberedDevices;
        this.throttle = throttle;
        this.clock = clock;
        this.accounts = accounts;
        this.notices = notices;
    }

    /** The hot path of every SPA page: the person and the org in one read ({@link AccountRepository#me}). */
    public Uni<MeResponse> me(UUID orgId, UUID userId, String authMethod) {
        return accounts.me(orgId, userId).map(me -> {
            if (me == null) {
                throw new ProblemException(IdentityProblem.USER_NOT_FOUND);
            }
            return toResponse(me.user(), me.org(), authMethod);
        });
    }

    public Uni<MeResponse> update(UUID orgId, UUID userId, UpdateMeRequest request, String authMethod) {
        String locale = request.locale() == null ? null : locales.require(request.locale());
        return Panache.withTransaction(() -> find(orgId, userId).chain(user -> {
            if (locale != null) {
                user.locale = locale;
            }
            if (request.name() != null && !request.name().isBlank()) {
                user.name = request.name().strip();
            }
            user.updatedAt = clock.instant();
            return organizations.findById(orgId).map(org -> toResponse(user, org, authMethod));
        }));
    }

    /**
     * Checks the current password, the policy and the history, then stores the new hash and ends the
     * person's other sessions (the one that changed the password stays). The current password counts
     * like a login's: reserved on the (account, client) and client counters before it is hashed, a
     * wrong one a failure toward the lockout ({@code 429 too_many_attempts} once over the limit),
     * a right one clears the (account, client) counter. The person is told by email
     * ({@code user.security_changed}, {@code password_changed}, in the same transaction).
     */
    public Uni<Void> changePassword(UUID orgId, UUID userId, UUID currentSession, ChangePasswordRequest request,
            String client, List<Locale> languages) {
        return Panache.withSession(() -> find(orgId, userId).chain(user -> organizations.findById(orgId)
                        .chain(org -> newPasswords.recentHashes(user.id).map(hashes -> new Context(user, org,
                                organizationService.settingsOf(org), hashes)))))
                .chain(context -> {
                    OrgSettings settings = context.settings();
                    if (settings.ssoOnly()) {
                        throw new ProblemException(IdentityProblem.SSO_REQUIRED);
                    }
                    if (context.user().passwordHash == null) {
                        throw new ProblemException(IdentityProblem.PASSWORD_NOT_SET);
                    }
                    LoginThrottle.Counter clientCounter = throttle.client(client);
                    LoginThrottle.Counter pair = throttle.pair(context.user().id, orgId, client,
                            settings.passwordPolicy());
                    List<LoginThrottle.Counter> counters = List.of(clientCounter, pair);
                    return throttle.reserve(counters)
                            .invoke(reservation -> reservation.requireAllowed(counters))
                            .chain(reservation -> hashing.run(() -> hasher.verify(request.currentPassword(),
                                            context.user().passwordHash))
                                    .onFailure().call(() -> throttle.release(counters)))
                            .call(correct -> correct ? throttle.succeeded(List.of(pair), List.of(clientCounter))
                                    : throttle.failed(counters))
                            .chain(correct -> {
                                if (!correct) {
                                    throw new ProblemException(IdentityProblem.CURRENT_PASSWORD_INCORRECT);
                                }
                                return newPasswords.checkAndHash(settings.passwordPolicy(),
                                                inputs(context.user(), context.org()), context.history(),
                                                request.newPassword(), "/newPassword", languages)
                                        .chain(hash -> store(context, hash, currentSession));
                            });
                });
    }

    /**
     * The live check of My Account's password form: the rules {@link #changePassword} applies to
     * a new password (all but the history), with the caller's org policy, email and name.
     */
    public Uni<PasswordPolicyChecker.Verdict> checkPassword(UUID orgId, UUID userId, String password,
            List<Locale> languages) {
        return Panache.withSession(() -> find(orgId, userId).chain(user -> organizations.findById(orgId)
                        .map(org -> new Context(user, org, organizationService.settingsOf(org), List.of()))))
                .chain(context -> checks.run(() -> policy.evaluate(context.settings().passwordPolicy(), password,
                        "/newPassword", languages, inputs(context.user(), context.org()))));
    }

    private static PersonalInputs inputs(User user, Organization org) {
        return new PersonalInputs(user.email, user.name, org == null ? null : org.name);
    }

    private Uni<Void> store(Context context, String hash, UUID currentSession) {
        return Panache.withTransaction(() -> users.findById(context.user().id)
                        .chain(user -> newPasswords.store(user, context.settings(), hash, currentSession, "password_changed")
                                .call(() -> notices.changed(user, context.org(), UserSecurityChanged.PASSWORD_CHANGED, null))))
                .invoke(revoked -> LOG.infof("user %s changed the password; %d other sessions ended", context.user().id,
                        revoked))
                .replaceWithVoid();
    }

    /** "Forget this and my other browsers": the next password login asks for MFA again. */
    public Uni<Void> forgetRememberedDevices(UUID orgId, UUID userId) {
        return Panache.withTransaction(() -> find(orgId, userId).chain(user -> rememberedDevices.forgetAll(user.id)))
                .replaceWithVoid();
    }

    /**
     * Signs the person out everywhere else: every session of theirs but {@code current} ends now,
     * each with its {@code session.revoked} event (reason {@code signed_out_elsewhere}), so a stolen
     * refresh token stops working and its access tokens are refused at once. How many ended.
     */
    public Uni<Integer> endOtherSessions(UUID orgId, UUID userId, UUID current) {
        return Panache.withTransaction(() -> find(orgId, userId)
                .chain(user -> sessions.revokeAllOfUser(user.id, current, "signed_out_elsewhere")));
    }

    private Uni<User> find(UUID orgId, UUID userId) {
        return users.findInOrg(orgId, userId).map(user -> {
            if (user == null || user.state != UserState.ACTIVE) {
                throw new ProblemException(IdentityProblem.USER_NOT_FOUND);
            }
            return user;
        });
    }

    private MeResponse toResponse(User user, Organization org, String authMethod) {
        OrgSettings settings = organizationService.settingsOf(org);
        return new MeResponse(user.id, user.email, user.name, org.id, org.name, org.region, user.locale,
                user.roleList(), new MeResponse.Mfa(user.mfaEnrolled, settings.mfaRequired() && !"sso".equals(authMethod)),
                authMethod);
    }

    private record Context(User user, Organization org, OrgSettings settings, List<String> history) {
    }
}
