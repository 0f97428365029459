package dev.threshold.invitation.expiry;

import dev.threshold.common.events.Outbox;
import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.SendQueueRepository;
import dev.threshold.invitation.expiry.events.InvitationExpired;
import dev.threshold.invitation.invitation.Invitation;
import dev.threshold.invitation.invitation.InvitationRepository;
import dev.threshold.invitation.invitation.InvitationStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Marks PENDING invitations past {@code expiresAt} EXPIRED and tells others with
 * {@code invitation.expired}. Lookup and redeem already refuse an expired token before this
 * runs; the job makes the state (and the event) follow. Replicas share the work: rows are
 * taken with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);

    private final Outbox outbox;
    private final InvitationRepository invitations;
    private final SendQueueRepository sends;
    private final InvitationConfig config;
    private final Clock clock;

    public ExpiryJob(Outbox outbox, InvitationRepository invitations, SendQueueRepository sends, InvitationConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.invitations = invitations;
        this.sends = sends;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${threshold.invitations.expiry.interval:60s}", identity = "invitation-expiry",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return expireDue()
                .onFailure().invoke(failure -> LOG.warnf("Invitation expiry failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Expires everything due by the clock's now, batch by batch; returns how many. */
    public Uni<Integer> expireDue() {
        return expireBatch().chain(count -> count < config.expiry().batchSize()
                ? Uni.createFrom().item(count)
                : expireDue().map(more -> count + more));
    }

    private Uni<Integer> expireBatch() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> invitations.lockDueForExpiry(now, config.expiry().batchSize())
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    for (Invitation invitation : due) {
                        invitation.status = InvitationStatus.EXPIRED;
                        invitation.expiredAt = now;
                        invitation.updatedAt = now;
                    }
                    List<UUID> ids = due.stream().map(invitation -> invitation.id).toList();
                    return sends.cancelOpen(ids, now)
                            .chain(() -> Multi.createFrom().iterable(due)
                                    .onItem().transformToUniAndConcatenate(invitation -> outbox.append(
                                            InvitationExpired.NAME, invitation.id.toString(), invitation.orgId.toString(),
                                            new InvitationExpired(invitation.id, invitation.orgId, invitation.email)))
                                    .collect().last())
                            .replaceWith(due.size());
                }))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Expired %d invitations", count);
                    }
                });
    }
}
