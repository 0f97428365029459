package dev.threshold.invitation.redeem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.delivery.SendQueueRepository;
import dev.threshold.invitation.invitation.Invitation;
import dev.threshold.invitation.invitation.InvitationRepository;
import dev.threshold.invitation.invitation.InvitationStatus;
import dev.threshold.invitation.invitation.InvitationTokenRepository;
import dev.threshold.invitation.invitation.InvitationTokens;
import dev.threshold.invitation.org.OrgSettings;
import dev.threshold.invitation.org.OrganizationRepository;
import dev.threshold.invitation.problem.InvitationProblem;
import dev.threshold.invitation.redeem.api.LookupResponse;
import dev.threshold.invitation.redeem.api.RedeemResponse;
import dev.threshold.invitation.redeem.events.InvitationAccepted;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What an invitation link's token is worth: the public lookup for the set-password page, and the
 * single redemption by identity-service. A token that is unknown is 404; one that was replaced
 * by a resend, revoked, used or expired is 410 with the reason.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);

    private final InvitationRepository invitations;
    private final InvitationTokenRepository tokens;
    private final OrganizationRepository organizations;
    private final SendQueueRepository sends;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;

    public TokenService(InvitationRepository invitations, InvitationTokenRepository tokens,
            OrganizationRepository organizations, SendQueueRepository sends, Outbox outbox, ObjectMapper mapper, Clock clock) {
        this.invitations = invitations;
        this.tokens = tokens;
        this.organizations = organizations;
        this.sends = sends;
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Uni<LookupResponse> lookup(String token) {
        if (!InvitationTokens.wellFormed(token)) {
            return Uni.createFrom().failure(new ProblemException(InvitationProblem.INVITATION_NOT_FOUND));
        }
        String hash = InvitationTokens.hash(token);
        Instant now = clock.instant();
        return Panache.withSession(() -> usable(hash, now)
                .chain(invitation -> organizations.findById(invitation.orgId).map(org -> {
                    OrgSettings settings = OrgSettings.parse(org == null ? null : org.settingsJson, mapper);
                    return new LookupResponse(invitation.email, invitation.name, org == null ? null : org.name,
                            org == null ? null : org.region, settings.ssoOnly(), settings.passwordPolicy(),
                            invitation.expiresAt, invitation.locale);
                })));
    }

    /**
     * Accepts the invitation exactly once: a conditional UPDATE on a PENDING, unexpired row, so of
     * concurrent redemptions only one finds the row still PENDING.
     */
    public Uni<RedeemResponse> redeem(String token) {
        if (!InvitationTokens.wellFormed(token)) {
            return Uni.createFrom().failure(new ProblemException(InvitationProblem.INVITATION_NOT_FOUND));
        }
        String hash = InvitationTokens.hash(token);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> invitations.acceptByTokenHash(hash, now)
                .chain(updated -> updated == 1
                        ? accepted(hash, now)
                        : usable(hash, now).map(stillPending -> {
                            // not reached: a PENDING, unexpired invitation would have been updated
                            throw new ProblemException(InvitationProblem.INVITATION_USED);
                        })));
    }

    /**
     * The person of this invitation was activated without its token (signed in through the org's
     * identity provider): the invitation is accepted, so its link stops working. Runs inside the
     * consumer's transaction; an invitation that is no longer PENDING is left alone.
     */
    public Uni<Void> acceptedThroughSignIn(UUID orgId, UUID invitationId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return invitations.acceptIfPending(orgId, invitationId, now)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : invitations.findById(invitationId)
                                .call(invitation -> sends.cancelOpen(List.of(invitation.id), now))
                                .call(invitation -> outbox.append(InvitationAccepted.NAME, invitation.id.toString(),
                                        invitation.orgId.toString(),
                                        new InvitationAccepted(invitation.id, invitation.orgId, invitation.email)))
                                .invoke(invitation -> LOG.infof("Invitation %s accepted by sign-in in org %s",
                                        invitation.id, invitation.orgId))
                                .replaceWithVoid());
    }

    private Uni<RedeemResponse> accepted(String hash, Instant now) {
        return invitations.findByTokenHash(hash)
                .call(invitation -> sends.cancelOpen(List.of(invitation.id), now))
                .call(invitation -> outbox.append(InvitationAccepted.NAME, invitation.id.toString(),
                        invitation.orgId.toString(), new InvitationAccepted(invitation.id, invitation.orgId, invitation.email)))
                .invoke(invitation -> LOG.infof("Invitation %s accepted in org %s", invitation.id, invitation.orgId))
                .map(invitation -> new RedeemResponse(invitation.id, invitation.orgId, invitation.email, invitation.name,
                        invitation.roleList(), invitation.locale));
    }

    /** The invitation of a token that can still be used, else the problem that says why not. */
    private Uni<Invitation> usable(String hash, Instant now) {
        return tokens.findById(hash).chain(issued -> {
            if (issued == null) {
                return Uni.createFrom().failure(new ProblemException(InvitationProblem.INVITATION_NOT_FOUND));
            }
            if (issued.replacedAt != null) {
                return Uni.createFrom().failure(new ProblemException(InvitationProblem.INVITATION_REVOKED));
            }
            return invitations.findById(issued.invitationId).map(invitation -> {
                if (invitation == null) {
                    throw new ProblemException(InvitationProblem.INVITATION_NOT_FOUND);
                }
                if (invitation.status == InvitationStatus.ACCEPTED) {
                    throw new ProblemException(InvitationProblem.INVITATION_USED);
                }
                if (invitation.status == InvitationStatus.REVOKED) {
                    throw new ProblemException(InvitationProblem.INVITATION_REVOKED);
                }
                if (invitation.status == InvitationStatus.EXPIRED || !invitation.expiresAt.isAfter(now)) {
                    throw new ProblemException(InvitationProblem.INVITATION_EXPIRED);
                }
                return invitation;
            });
        });
    }
}
