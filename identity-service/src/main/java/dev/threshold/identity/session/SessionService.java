package dev.threshold.identity.session;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemCode;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.session.events.SessionRevoked;
import dev.threshold.identity.token.RevokedSessions;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.UserState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sessions and their refresh tokens. Every refresh rotates the token; presenting a rotated token
 * again after the reuse grace revokes the whole session (someone else holds a copy). Every end of
 * a session goes into {@link RevokedSessions} at once and out as a {@code session.revoked} event. A session ends after the org's
 * {@code sessionIdleDays} without a refresh (sliding) and after the absolute lifetime.
 */
@ApplicationScoped
public class SessionService {

    public static final String REUSE = "refresh_token_reuse";
    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionRepository sessions;
    private final RefreshTokenRepository refreshTokens;
    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final Outbox outbox;
    private final SessionConfig config;
    private final Clock clock;
    private final RefreshTokenSuccessors successors;
    private final RevokedSessions revokedSessions;

    public SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, UserRepository users,
            OrganizationRepository organizations, OrganizationService organizationService, Outbox outbox,
            SessionConfig config, Clock clock, RefreshTokenSuccessors successors, RevokedSessions revokedSessions) {
        this.successors = successors;
        this.revokedSessions = revokedSessions;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** Opens a session and its first refresh token. Runs inside the caller's transaction. */
    public Uni<StartedSession> start(User user, String authMethod, List<String> amr) {
        Instant now = clock.instant();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.orgId = user.orgId;
        session.authMethod = authMethod;
        session.amr = String.join(",", amr);
        session.createdAt = now;
        session.lastUsedAt = now;
        session.expiresAt = now.plus(config.absoluteLifetime());
        String refreshToken = SecretTokens.newSecret();
        return sessions.persist(session)
                .chain(() -> refreshTokens.persist(newRefreshToken(refreshToken, session.id, now)))
                .replaceWith(new StartedSession(session, refreshToken));
    }

    /** Rotates the refresh token; the revocation of a replayed token is committed before the failure is answered. */
    public Uni<Refreshed> refresh(String presented) {
        return Panache.withTransaction(() -> rotate(presented))
                .map(outcome -> {
                    if (outcome.failure() != null) {
                        throw new ProblemException(outcome.failure());
                    }
                    return outcome.refreshed();
                });
    }

    /** Ends the session of a refresh token (used or not). Unknown tokens are ignored: logout always succeeds. */
    public Uni<Void> logout(String presented) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> refreshTokens.findById(SecretTokens.hash(presented))
                .chain(token -> token == null ? Uni.createFrom().voidItem()
                        : sessions.findById(token.sessionId).chain(session -> revoke(session, "logout", now))));
    }

    /**
     * Ends every session of a user but one (a password change keeps the session that made it), each
     * with its {@code session.revoked} event. Runs inside the caller's transaction.
     */
    public Uni<Integer> revokeAllOfUser(UUID userId, UUID except, String reason) {
        Instant now = clock.instant();
        return sessions.liveOfUser(userId, except).chain(live -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Session session : live) {
                all = all.chain(() -> revoke(session, reason, now));
            }
            return all.replaceWith(live.size());
        });
    }

    /** Ends one session now (in its own transaction), with its {@code session.revoked} event. */
    public Uni<Void> end(UUID sessionId, String reason) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> sessions.findById(sessionId)
                .chain(session -> session == null ? Uni.createFrom().voidItem() : revoke(session, reason, now)));
    }

    private Uni<Outcome> rotate(String presented) {
        Instant now = clock.instant();
        String hash = SecretTokens.hash(presented);
        String successor = successors.successorOf(presented);
        return refreshTokens.markUsed(hash, now).chain(rotated -> {
            if (rotated == 0) {
                return refreshTokens.findById(hash).chain(token -> token == null
                        ? Uni.createFrom().item(Outcome.failed(IdentityProblem.SESSION_EXPIRED))
                        : sessions.findById(token.sessionId).chain(session -> session.revokedAt != null
                                ? Uni.createFrom().item(Outcome.failed(IdentityProblem.SESSION_REVOKED))
                                : withinReuseGrace(token, now)
                                ? continueSession(session, now, successor)
                                : revoke(session, REUSE, now)
                                        .invoke(() -> LOG.warnf("refresh token reuse: session %s of user %s revoked",
                                                session.id, session.userId))
                                        .replaceWith(Outcome.failed(IdentityProblem.SESSION_REVOKED))));
            }
            return refreshTokens.findById(hash).chain(token -> sessions.findById(token.sessionId))
                    .chain(session -> continueSession(session, now, successor));
        });
    }

    /**
     * Two tabs of one browser refresh with the same cookie at the same moment: the second sees a
     * token the first just rotated. Within a few seconds that is a race, not a theft, and the
     * session goes on with the same successor the first got (one branch, never a fork); later, the
     * same token means a copy is in other hands.
     */
    private boolean withinReuseGrace(RefreshToken token, Instant now) {
        return token.usedAt != null && token.usedAt.plus(config.reuseGrace()).isAfter(now);
    }

    /**
     * Answers the successor of the presented token. The first use stores it; a reuse inside the
     * grace finds it stored already ({@code on conflict do nothing}: exactly one row whatever races).
     */
    private Uni<Outcome> continueSession(Session session, Instant now, String successor) {
        if (session.revokedAt != null) {
            return Uni.createFrom().item(Outcome.failed(IdentityProblem.SESSION_REVOKED));
        }
        if (!now.isBefore(session.expiresAt)) {
            return revoke(session, "expired", now).replaceWith(Outcome.failed(IdentityProblem.SESSION_EXPIRED));
        }
        return users.findById(session.userId).chain(user -> organizations.findById(session.orgId).chain(org -> {
            if (user == null || user.state != UserState.ACTIVE) {
                return revoke(session, "user_inactive", now).replaceWith(Outcome.failed(IdentityProblem.SESSION_REVOKED));
            }
            Duration idle = Duration.ofDays(organizationService.settingsOf(org).sessionIdleDays());
            if (!now.isBefore(session.lastUsedAt.plus(idle))) {
                return revoke(session, "idle", now).replaceWith(Outcome.failed(IdentityProblem.SESSION_EXPIRED));
            }
            session.lastUsedAt = now;
            return refreshTokens.storeSuccessor(SecretTokens.hash(successor), session.id, now)
                    .replaceWith(Outcome.ok(new Refreshed(session, user, org, successor)));
        }));
    }

    private Uni<Void> revoke(Session session, String reason, Instant now) {
        if (session.revokedAt != null) {
            return Uni.createFrom().voidItem();
        }
        session.revokedAt = now;
        session.revokedReason = reason;
        // refused at once by this instance; the event tells the others (and a rolled-back end only
        // refuses the session's access tokens for their remaining few minutes)
        revokedSessions.ended(session.id);
        return outbox.append(SessionRevoked.NAME, session.id.toString(), session.orgId.toString(),
                new SessionRevoked(session.id, session.userId, session.orgId, reason)).replaceWithVoid();
    }

    private static RefreshToken newRefreshToken(String secret, UUID sessionId, Instant now) {
        RefreshToken token = new RefreshToken();
        token.tokenHash = SecretTokens.hash(secret);
        token.sessionId = sessionId;
        token.createdAt = now;
        return token;
    }

    public record StartedSession(Session session, String refreshToken) {
    }

    /** A continued session: who it belongs to and the next refresh token. */
    public record Refreshed(Session session, User user, Organization org, String refreshToken) {
    }

    private record Outcome(ProblemCode failure, Refreshed refreshed) {
        static Outcome failed(ProblemCode failure) {
            return new Outcome(failure, null);
        }

        static Outcome ok(Refreshed refreshed) {
            return new Outcome(null, refreshed);
        }
    }
}
