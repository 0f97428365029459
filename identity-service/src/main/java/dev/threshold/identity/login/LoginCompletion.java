package dev.threshold.identity.login;

import dev.threshold.common.events.Outbox;
import dev.threshold.identity.login.api.LoginResult;
import dev.threshold.identity.mfa.MfaEnrollment;
import dev.threshold.identity.mfa.RememberedDevices;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.session.Session;
import dev.threshold.identity.session.SessionService;
import dev.threshold.identity.token.AccessTokens;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.events.UserLoggedIn;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What happens once the first factor is proven (a password, an accepted invitation, an IdP): either
 * the MFA step (password logins of orgs that require MFA, or of users who enrolled anyway), or a
 * new session with its first access token.
 */
@ApplicationScoped
public class LoginCompletion {

    public static final String PASSWORD = "password";
    public static final String SSO = "sso";
    /** Why a session ended at a refresh: its org requires MFA and the session never proved a second factor. */
    public static final String MFA_REQUIRED = "mfa_required";

    private final SessionService sessions;
    private final RememberedDevices rememberedDevices;
    private final AccessTokens tokens;
    private final Outbox outbox;
    private final MfaEnrollment mfaEnrollment;
    private final LoginFlowRepository flows;
    private final Clock clock;

    public LoginCompletion(SessionService sessions, RememberedDevices rememberedDevices, AccessTokens tokens,
            Outbox outbox, MfaEnrollment mfaEnrollment, LoginFlowRepository flows, Clock clock) {
        this.sessions = sessions;
        this.flows = flows;
        this.mfaEnrollment = mfaEnrollment;
        this.rememberedDevices = rememberedDevices;
        this.tokens = tokens;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * After a correct password: the MFA step, unless MFA is off for this person or this browser is
     * remembered ({@code rememberedSecret}, from the remembered-device cookie). Whether the person
     * enrolled is mfa-service's answer now, not identity-service's read model: without an answer
     * the login fails closed ({@code 503 mfa_unavailable}).
     */
    public Uni<LoginOutcome> afterPassword(User user, Organization org, OrgSettings settings, boolean cookieMode,
            String rememberedSecret) {
        return mfaEnrollment.enrolled(user.orgId, user.id)
                .chain(enrolled -> afterPassword(user, org, settings, cookieMode, rememberedSecret, enrolled));
    }

    private Uni<LoginOutcome> afterPassword(User user, Organization org, OrgSettings settings, boolean cookieMode,
            String rememberedSecret, boolean enrolled) {
        if (!settings.mfaRequired() && !enrolled) {
            return authenticated(user, org, settings, cookieMode, PASSWORD, List.of("pwd"));
        }
        Uni<Boolean> remembered = settings.mfaRememberDays() > 0 && enrolled && rememberedSecret != null
                ? Panache.withSession(() -> rememberedDevices.isRemembered(user.id, rememberedSecret))
                : Uni.createFrom().item(false);
        return remembered.chain(skip -> skip
                ? authenticated(user, org, settings, cookieMode, PASSWORD, List.of("pwd", "otp"))
                : Panache.withTransaction(() -> startMfa(user, cookieMode, enrolled)));
    }

    /**
     * A refreshed session: normally its next access token. A password session that never proved a
     * second factor in an org that requires MFA now (an admin turned it on while the session was
     * open, her own included) does not go on: it ends (reason {@code mfa_required}) and the answer
     * is the step a password login would get at this moment, enrollment or challenge (a remembered
     * browser of an enrolled person goes straight to a new session), so no new access token is
     * issued to that session without MFA. SSO sessions never get an MFA step.
     */
    public Uni<LoginOutcome> afterRefresh(SessionService.Refreshed refreshed, OrgSettings settings, boolean cookieMode,
            String rememberedSecret) {
        Session session = refreshed.session();
        if (!settings.mfaRequired() || !PASSWORD.equals(session.authMethod) || hasSecondFactor(session)) {
            return outcome(refreshed.user(), refreshed.org(), settings, session, refreshed.refreshToken(), cookieMode);
        }
        return sessions.end(session.id, MFA_REQUIRED)
                .chain(() -> afterPassword(refreshed.user(), refreshed.org(), settings, cookieMode, rememberedSecret));
    }

    private static boolean hasSecondFactor(Session session) {
        return session.amrList().stream().anyMatch(m -> !m.isBlank() && !"pwd".equals(m));
    }

    /**
     * After the org's identity provider vouched for the person: a session at once, never an MFA
     * step, whatever the org's MFA setting (SSO users get no MFA prompt; their IdP owns that).
     */
    public Uni<LoginOutcome> afterIdentityProvider(User user, Organization org, OrgSettings settings,
            boolean cookieMode) {
        return authenticated(user, org, settings, cookieMode, SSO, List.of("sso"));
    }

    /** Opens a session and answers AUTHENTICATED. Runs in its own transaction. */
    public Uni<LoginOutcome> authenticated(User user, Organization org, OrgSettings settings, boolean cookieMode,
            String authMethod, List<String> amr) {
        return Panache.withTransaction(() -> sessions.start(user, authMethod, amr)
                .call(started -> outbox.append(UserLoggedIn.NAME, user.id.toString(), user.orgId.toString(),
                        new UserLoggedIn(user.id, user.orgId, started.session().id, authMethod, amr))))
                .chain(started -> outcome(user, org, settings, started.session(), started.refreshToken(), cookieMode));
    }

    /**
     * The AUTHENTICATED answer for a session and its current refresh token: a new access token with
     * the session's methods; the refresh token goes to the cookie or, for cookie-less clients, the body.
     */
    public Uni<LoginOutcome> outcome(User user, Organization org, OrgSettings settings, Session session,
            String refreshToken, boolean cookieMode) {
        return tokens.accessToken(new AccessTokens.AccessTokenClaims(user.id.toString(), user.orgId, user.roleList(),
                        session.amrList(), user.email, session.id))
                .map(accessToken -> new LoginOutcome(LoginResult.authenticated(accessToken,
                                tokens.accessTokenTtl().toSeconds(), summary(user, org, session.authMethod),
                                cookieMode ? null : refreshToken),
                        cookieMode ? refreshToken : null, Duration.ofDays(settings.sessionIdleDays())));
    }

    public static LoginResult.UserSummary summary(User user, Organization org, String authMethod) {
        return new LoginResult.UserSummary(user.id, user.email, user.name, org.id, org.name, org.region, user.locale,
                user.roleList(), authMethod);
    }

    private Uni<LoginOutcome> startMfa(User user, boolean cookieMode, boolean enrolled) {
        Instant now = clock.instant();
        LoginFlow flow = new LoginFlow();
        flow.id = UUID.randomUUID();
        flow.userId = user.id;
        flow.orgId = user.orgId;
        flow.action = enrolled ? "challenge" : "enroll";
        flow.cookieMode = cookieMode;
        flow.createdAt = now;
        flow.expiresAt = now.plus(tokens.mfaTokenTtl());
        LoginResult.Status status = enrolled ? LoginResult.Status.MFA_REQUIRED
                : LoginResult.Status.MFA_ENROLLMENT_REQUIRED;
        return flows.persist(flow)
                .chain(() -> tokens.mfaToken(user.id, user.orgId, user.email, flow.id, flow.action))
                .map(mfaToken -> LoginOutcome.of(LoginResult.mfa(status, mfaToken, tokens.mfaTokenTtl().toSeconds())));
    }
}
