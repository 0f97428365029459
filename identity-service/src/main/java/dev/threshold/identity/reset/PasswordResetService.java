package dev.threshold.identity.reset;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.internal.InternalSeal;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.account.NewPasswords;
import dev.threshold.identity.login.LoginCompletion;
import dev.threshold.identity.login.LoginOutcome;
import dev.threshold.identity.login.LoginThrottle;
import dev.threshold.identity.notice.SecurityNotices;
import dev.threshold.identity.notice.events.UserSecurityChanged;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.password.CheckPool;
import dev.threshold.identity.password.PasswordPolicyChecker;
import dev.threshold.identity.password.PersonalInputs;
import dev.threshold.identity.password.api.PasswordCheckResponse;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.reset.api.ResetLookupResponse;
import dev.threshold.identity.reset.api.ResetPasswordRequest;
import dev.threshold.identity.reset.events.PasswordResetRequested;
import dev.threshold.identity.reset.events.UserPasswordReset;
import dev.threshold.identity.session.SecretTokens;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.UserState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgotten passwords. A request never tells whether the email has an account: every request
 * gets the same {@code 202} once its rate limits are counted and the request is stored (the same
 * writes for any email), and the lookup, the new link and its event happen after the answer, off
 * the request's path, so neither the answer nor its timing depends on the email. The stored request
 * ({@code password_reset_request}) is deleted in the transaction that makes its links; one left by
 * a process that died after answering is handled by {@link PasswordResetRequestSweep}. Each active
 * password user of that email in the region (SSO-only orgs and people without a password get
 * nothing) gets a new link that
 * replaces their older ones: a 256-bit token, only its SHA-256 stored, single use, short-lived
 * ({@code threshold.password-reset.ttl}). The email itself is sent by invitation-service, which owns
 * the region's emails, from the event {@code user.password_reset_requested} (token sealed, see
 * {@link PasswordResetRequested}).
 *
 * <p>A reset checks the org's policy and the history like a password change, then, in one
 * transaction, uses the link (a conditional update: one winner), stores the password, forgets the
 * remembered browsers, ends every session of the person and records {@code user.password_reset}
 * and {@code user.security_changed} (the person is told by email);
 * then the lockout counters of the account are cleared and the person is signed in the way a
 * password login would sign them in, the MFA step included.
 */
@ApplicationScoped
public class PasswordResetService {

    private static final Logger LOG = Logger.getLogger(PasswordResetService.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");
    private static final String POINTER = "/password";
    private static final int MAX_ACCOUNTS = 10;

    private final PasswordResetRepository resets;
    private final PasswordResetRequestRepository requests;
    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final NewPasswords newPasswords;
    private final PasswordPolicyChecker policy;
    private final CheckPool checks;
    private final LoginThrottle throttle;
    private final LoginCompletion completion;
    private final Outbox outbox;
    private final PasswordResetConfig config;
    private final RegionConfig region;
    private final Clock clock;
    private final Vertx vertx;
    private final InternalSeal seal;
    private final SecurityNotices notices;

    public PasswordResetService(PasswordResetRepository resets, PasswordResetRequestRepository requests, UserRepository users,
            OrganizationRepository organizations, OrganizationService organizationService, NewPasswords newPasswords,
            PasswordPolicyChecker policy, CheckPool checks, LoginThrottle throttle, LoginCompletion completion,
            Outbox outbox, PasswordResetConfig config, RegionConfig region, Clock clock, Vertx vertx,
            @ConfigProperty(name = "threshold.internal.token", defaultValue = "") String internalToken,
            SecurityNotices notices) {
        this.resets = resets;
        this.requests = requests;
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.newPasswords = newPasswords;
        this.policy = policy;
        this.checks = checks;
        this.throttle = throttle;
        this.completion = completion;
        this.outbox = outbox;
        this.config = config;
        this.region = region;
        this.clock = clock;
        this.vertx = vertx;
        this.notices = notices;
        // without the region's internal secret no link could reach the mailer: requests are still
        // answered 202 (nothing tells an account apart), and each says so in the log
        InternalSeal configured = null;
        try {
            configured = InternalSeal.forPurpose(internalToken, PasswordResetRequested.SEAL_PURPOSE);
        } catch (IllegalStateException e) {
            LOG.warn("threshold.internal.token is not set: forgotten-password emails cannot be sent");
        }
        this.seal = configured;
    }

    // ---------------------------------------------------------------- request a link

    /**
     * Counts the request on the client address's limit ({@code 429 too_many_attempts} over it) and
     * on the email's (over it: the same answer, nothing sent), stores it, then answers; the links are
     * made after the answer (see the class comment).
     */
    public Uni<Void> forgot(String rawEmail, String client) {
        String email = rawEmail.trim().toLowerCase(Locale.ROOT);
        LoginThrottle.Counter byClient = throttle.resetRequestsOfClient(client, config.clientMaxRequests(),
                config.clientWindow());
        LoginThrottle.Counter byEmail = throttle.resetRequestsOfEmail(email, config.emailMaxRequests(),
                config.emailWindow());
        return throttle.reserve(List.of(byClient))
                .invoke(reservation -> reservation.requireAllowed(List.of(byClient)))
                .chain(() -> throttle.reserve(List.of(byEmail)))
                .chain(reservation -> {
                    if (!reservation.allows(byEmail)) {
                        LOG.info("forgotten-password requests for one email over its limit: nothing sent this time");
                        return Uni.createFrom().voidItem();
                    }
                    PasswordResetRequest request = new PasswordResetRequest();
                    request.id = UUID.randomUUID();
                    request.email = email;
                    request.requestedAt = clock.instant();
                    return Panache.withTransaction(() -> requests.persist(request))
                            .invoke(() -> later(request.id, email)).replaceWithVoid();
                });
    }

    /** Runs {@link #issue} on its own duplicated context, after (and whatever) the request answered. */
    private void later(UUID requestId, String email) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> issue(requestId, email).subscribe().with(
                links -> {
                    if (links > 0) {
                        LOG.infof("forgotten-password request: %d reset link(s) made", links);
                    }
                },
                failure -> LOG.warnf("forgotten-password request not handled: %s", failure.toString())));
    }

    /**
     * Handles a stored request once: in one transaction, takes it ({@link
     * PasswordResetRequestRepository#claim}: nothing when another handler took it first) and makes a
     * new link for each active password user of the email in this region, with its event; answers
     * how many were made. Without the internal secret the request is dropped (no link could reach
     * the mailer).
     */
    Uni<Integer> issue(UUID requestId, String email) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> requests.claim(requestId).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().item(0);
            }
            if (seal == null) {
                LOG.warn("forgotten-password request dropped: threshold.internal.token is not set");
                return Uni.createFrom().item(0);
            }
            return links(email, now);
        }));
    }

    private Uni<Integer> links(String email, Instant now) {
        return users.findActiveByEmail(email, MAX_ACCOUNTS).chain(found -> {
            Uni<Integer> made = Uni.createFrom().item(0);
            for (User user : found) {
                if (user.passwordHash == null) {
                    continue;
                }
                made = made.chain(count -> organizations.findById(user.orgId).chain(org -> {
                    if (org == null || organizationService.settingsOf(org).ssoOnly()) {
                        return Uni.createFrom().item(count);
                    }
                    OrgSettings settings = organizationService.settingsOf(org);
                    return newLink(user, org, settings, now).replaceWith(count + 1);
                }));
            }
            return made;
        });
    }

    private Uni<Void> newLink(User user, Organization org, OrgSettings settings, Instant now) {
        String token = SecretTokens.newSecret();
        PasswordReset reset = new PasswordReset();
        reset.id = UUID.randomUUID();
        reset.userId = user.id;
        reset.orgId = user.orgId;
        reset.tokenHash = SecretTokens.hash(token);
        reset.createdAt = now;
        reset.expiresAt = now.plus(config.ttl());
        String locale = user.locale != null && !user.locale.isBlank() ? user.locale : settings.defaultLocale();
        return resets.replaceLive(user.id, now)
                .chain(() -> resets.persist(reset))
                .chain(() -> outbox.append(PasswordResetRequested.NAME, user.id.toString(), user.orgId.toString(),
                        new PasswordResetRequested(user.id, user.orgId, org.name, user.email, user.name, locale,
                                region.region(), reset.expiresAt, seal.seal(token, user.id.toString()))))
                .replaceWithVoid();
    }

    // ---------------------------------------------------------------- the reset page

    /** Whose link it is and the rules the new password must meet; 404/410 problems for dead links. */
    public Uni<ResetLookupResponse> lookup(String token) {
        return Panache.withSession(() -> find(token)).map(found -> {
            OrgSettings.PasswordPolicy p = found.settings().passwordPolicy();
            return new ResetLookupResponse(found.user().email, found.user().name, found.org().name, found.org().region,
                    new PasswordCheckResponse.Rules(p.minLength(), p.maxLength(), p.requireUppercase(),
                            p.requireLowercase(), p.requireDigit(), p.requireSymbol(), p.rejectCommonPasswords(),
                            p.historySize()),
                    found.reset().expiresAt);
        });
    }

    /** The reset page's live checklist: the rules {@link #reset} applies (all but the history); nothing is used. */
    public Uni<PasswordPolicyChecker.Verdict> check(String token, String password, List<Locale> languages) {
        return Panache.withSession(() -> find(token))
                .chain(found -> checks.run(() -> policy.evaluate(found.settings().passwordPolicy(), password, POINTER,
                        languages, inputs(found))));
    }

    /** Sets the new password with the link (once) and signs the person in; see the class comment. */
    public Uni<LoginOutcome> reset(ResetPasswordRequest request, List<Locale> languages) {
        return Panache.withSession(() -> find(request.token())
                        .chain(found -> newPasswords.recentHashes(found.user().id).map(recent -> new Target(found, recent))))
                .chain(target -> newPasswords.checkAndHash(target.found().settings().passwordPolicy(),
                                inputs(target.found()), target.recent(), request.password(), POINTER, languages)
                        .chain(hash -> store(target.found(), hash))
                        .call(user -> throttle.clearAccount(user.id))
                        .chain(user -> completion.afterPassword(user, target.found().org(), target.found().settings(),
                                request.cookieMode(), null)));
    }

    private Uni<User> store(Found found, String hash) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> resets.use(found.reset().id, now).chain(used -> {
            if (used == 0) {
                // another reset with the same link won the race (or it was replaced/expired meanwhile)
                return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_USED));
            }
            return users.findById(found.user().id).chain(user -> newPasswords.store(user, found.settings(), hash, null,
                            "password_reset")
                    .call(ended -> outbox.append(UserPasswordReset.NAME, user.id.toString(), user.orgId.toString(),
                            new UserPasswordReset(user.id, user.orgId, found.reset().id, ended)))
                    .call(() -> notices.changed(user, found.org(), UserSecurityChanged.PASSWORD_RESET, null))
                    .invoke(ended -> LOG.infof("user %s reset the password with an emailed link; %d sessions ended",
                            user.id, ended))
                    .replaceWith(user));
        }));
    }

    /**
     * The live link of a token with its person and org, in the caller's session: {@code 404
     * password_reset_not_found} (unknown, or the person can no longer use a password), {@code 410}
     * {@code password_reset_used}, {@code _replaced} or {@code _expired}.
     */
    private Uni<Found> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_NOT_FOUND));
        }
        String hash = SecretTokens.hash(token);
        Instant now = clock.instant();
        return resets.findByTokenHash(hash).chain(reset -> {
            // looked up by the hash, compared again in constant time: the stored form is all we ever compare
            if (reset == null || !MessageDigest.isEqual(reset.tokenHash.getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_NOT_FOUND));
            }
            if (reset.usedAt != null) {
                return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_USED));
            }
            if (reset.replacedAt != null) {
                return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_REPLACED));
            }
            if (!now.isBefore(reset.expiresAt)) {
                return Uni.createFrom().failure(new ProblemException(IdentityProblem.PASSWORD_RESET_EXPIRED));
            }
            return users.findInOrg(reset.orgId, reset.userId).chain(user -> organizations.findById(reset.orgId)
                    .map(org -> {
                        OrgSettings settings = org == null ? null : organizationService.settingsOf(org);
                        if (user == null || user.state != UserState.ACTIVE || user.passwordHash == null
                                || settings == null || settings.ssoOnly()) {
                            throw new ProblemException(IdentityProblem.PASSWORD_RESET_NOT_FOUND);
                        }
                        return new Found(reset, user, org, settings);
                    }));
        });
    }

    private static PersonalInputs inputs(Found found) {
        return new PersonalInputs(found.user().email, found.user().name, found.org().name);
    }

    private record Found(PasswordReset reset, User user, Organization org, OrgSettings settings) {
    }

    private record Target(Found found, List<String> recent) {
    }
}
