package dev.threshold.invitation.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The mail outbox of invitation emails ({@code invitation.invitation_send}). The invitation code
 * queues an email in the current transaction, cancels the ones that must not go out any more and
 * reads the delivery state of invitations. {@link DeliveryWorker} takes the due emails
 * ({@link #sendDue}).
 */
@ApplicationScoped
public class SendQueueRepository implements PanacheRepositoryBase<InvitationSend, UUID> {

    private static final String PICK = """
            select s.id, s.token, s.attempts, i.id as invitation_id, i.status as invitation_status, i.email, i.name,
                   i.locale, i.expires_at, i.invited_by, o.name as org_name, o.settings
              from invitation.invitation_send s
              join invitation.invitation i on i.id = s.invitation_id
              left join invitation.org o on o.id = s.org_id
             where s.next_attempt_at <= $1 and s.status in ('QUEUED', 'FAILED')
             order by s.next_attempt_at
             limit $2
               for update of s skip locked""";
    private static final String MARK_SENT = "update invitation.invitation_send set status = 'SENT', token = null,"
            + " attempts = attempts + 1, last_attempt_at = $2, sent_at = $2, next_attempt_at = null, last_error = null"
            + " where id = any($1)";
    private static final String MARK_FAILED = "update invitation.invitation_send set status = 'FAILED',"
            + " attempts = attempts + 1, last_attempt_at = $2, last_error = $3, next_attempt_at = $4,"
            + " token = case when $4::timestamptz is null then null else token end where id = $1";
    private static final String MARK_CANCELLED = "update invitation.invitation_send set status = 'CANCELLED',"
            + " token = null, next_attempt_at = null where id = any($1)";

    /** A due email with what its message needs: the send, its invitation and the org. */
    public record Due(UUID id, String token, int attempts, UUID invitationId, String invitationStatus, String email,
            String name, String locale, Instant expiresAt, String invitedBy, String orgName, String orgSettings) {
    }

    private final Pool pool;
    private final Clock clock;

    public SendQueueRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Picks up to {@code max} emails due now, locked until this transaction ends
     * ({@code FOR UPDATE SKIP LOCKED}: replicas and parallel workers never pick the same row), hands
     * them to {@code send} and records every outcome it reports before the commit; the number
     * picked, 0 when none is due.
     */
    public Uni<Integer> sendDue(int max, Function<List<Due>, Uni<List<DeliveryOutcome>>> send) {
        return pool.withTransaction(connection -> connection.preparedQuery(PICK)
                .execute(Tuple.of(utc(clock.instant()), max))
                .chain(rows -> {
                    List<Due> due = new ArrayList<>(rows.size());
                    rows.forEach(row -> due.add(due(row)));
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return send.apply(due).chain(outcomes -> record(connection, outcomes, clock.instant()))
                            .replaceWith(due.size());
                }));
    }

    private static Due due(Row row) {
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return new Due(row.getUUID("id"), row.getString("token"), row.getInteger("attempts"), row.getUUID("invitation_id"),
                row.getString("invitation_status"), row.getString("email"), row.getString("name"), row.getString("locale"),
                expires == null ? null : expires.toInstant(), row.getString("invited_by"), row.getString("org_name"),
                row.getString("settings"));
    }

    /** Every outcome of a batch on its rows, in the transaction that holds them. */
    private static Uni<Void> record(SqlConnection connection, List<DeliveryOutcome> outcomes, Instant now) {
        UUID[] sentIds = ids(outcomes, DeliveryState.SENT);
        UUID[] cancelledIds = ids(outcomes, DeliveryState.CANCELLED);
        Uni<Void> done = Uni.createFrom().voidItem();
        if (sentIds.length > 0) {
            done = done.chain(() -> connection.preparedQuery(MARK_SENT)
                    .execute(Tuple.tuple().addArrayOfUUID(sentIds).addOffsetDateTime(utc(now)))).replaceWithVoid();
        }
        if (cancelledIds.length > 0) {
            done = done.chain(() -> connection.preparedQuery(MARK_CANCELLED)
                    .execute(Tuple.tuple().addArrayOfUUID(cancelledIds))).replaceWithVoid();
        }
        for (DeliveryOutcome outcome : outcomes) {
            if (outcome.state() == DeliveryState.FAILED) {
                done = done.chain(() -> connection.preparedQuery(MARK_FAILED)
                        .execute(Tuple.of(outcome.id(), utc(now), outcome.reason(), utc(outcome.nextAttempt()))))
                        .replaceWithVoid();
            }
        }
        return done;
    }

    static UUID[] ids(List<DeliveryOutcome> outcomes, DeliveryState state) {
        return outcomes.stream().filter(o -> o.state() == state).map(DeliveryOutcome::id).toArray(UUID[]::new);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

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
                .map(SendQueueRepository::latestPerInvitation);
    }

    private static Map<UUID, InvitationSend> latestPerInvitation(List<InvitationSend> sends) {
        Map<UUID, InvitationSend> latest = new HashMap<>();
        for (InvitationSend send : sends) {
            latest.putIfAbsent(send.invitationId, send);
        }
        return latest;
    }
}
