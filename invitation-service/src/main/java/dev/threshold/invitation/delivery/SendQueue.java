package dev.threshold.invitation.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The mail outbox, as the invitation code sees it: queue an email in the current transaction,
 * cancel the ones that must not go out any more, read the delivery state of invitations.
 */
@ApplicationScoped
public class SendQueue implements PanacheRepositoryBase<InvitationSend, UUID> {

    public Uni<InvitationSend> queue(UUID invitationId, UUID orgId, String token, Instant now) {
        return persist(InvitationSend.queued(invitationId, orgId, token, now));
    }

    /** Stops every unsent email of these invitations and forgets their tokens. */
    public Uni<Integer> cancelOpen(Collection<UUID> invitationIds, Instant now) {
        if (invitationIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return getSession().chain(session -> session
                .createNativeQuery("update invitation.invitation_send set status = 'CANCELLED', token = null,"
                        + " next_attempt_at = null where invitation_id in (:ids) and status in ('QUEUED', 'FAILED')"
                        + " and token is not null")
                .setParameter("ids", invitationIds)
                .executeUpdate());
    }

    /** The most recent send of each invitation: what its {@code delivery} shows. */
    public Uni<Map<UUID, InvitationSend>> latestOf(Collection<UUID> invitationIds) {
        if (invitationIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(session -> session
                .createSelectionQuery("from InvitationSend s where s.invitationId in (:ids)"
                        + " order by s.createdAt desc, s.id", InvitationSend.class)
                .setParameter("ids", invitationIds)
                .getResultList())
                .map(SendQueue::latestPerInvitation);
    }

    private static Map<UUID, InvitationSend> latestPerInvitation(List<InvitationSend> sends) {
        Map<UUID, InvitationSend> latest = new HashMap<>();
        for (InvitationSend send : sends) {
            latest.putIfAbsent(send.invitationId, send);
        }
        return latest;
    }
}
