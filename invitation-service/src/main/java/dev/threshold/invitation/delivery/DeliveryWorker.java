package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.org.OrgSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends queued invitation emails after the transactions that queued them committed.
 *
 * <p>Each email is sent inside its own short transaction that holds the send row locked
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas and parallel workers never pick the same row):
 * the row is marked SENT and its token erased in the same transaction, right after the SMTP
 * server accepted the message. A process that stops before that commit leaves the row QUEUED
 * and it is sent again (nothing is lost); the only window for a duplicate is between the SMTP
 * server's acceptance and the commit, a few milliseconds. A failed attempt is recorded as
 * FAILED with its reason and retried with exponential backoff until {@code max-attempts}.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final Duration SMTP_TIMEOUT = Duration.ofSeconds(60);
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

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final InvitationMail mail;
    private final InvitationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private volatile boolean paused;

    public DeliveryWorker(Pool pool, ReactiveMailer mailer, InvitationMail mail, InvitationConfig config,
            ObjectMapper mapper, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.mailer = mailer;
        this.mail = mail;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.sent = Counter.builder("threshold.invitation.mail.sent").description("Invitation emails the SMTP server accepted")
                .register(registry);
        this.failed = Counter.builder("threshold.invitation.mail.failed")
                .description("Invitation email attempts that failed").register(registry);
    }

    @Scheduled(every = "${threshold.invitations.delivery.interval:1s}", identity = "invitation-delivery",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (paused) {
            return Uni.createFrom().voidItem();
        }
        int workers = Math.max(1, config.delivery().concurrency());
        int perWorker = Math.max(1, config.delivery().maxPerPoll() / workers);
        return Multi.createFrom().range(0, workers)
                .onItem().transformToUniAndMerge(worker -> drain(perWorker))
                .collect().last()
                .onFailure().invoke(failure -> LOG.warnf("Invitation delivery poll failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> drain(int remaining) {
        if (paused) {
            return Uni.createFrom().voidItem();
        }
        int batch = Math.max(1, Math.min(config.delivery().batchSize(), remaining));
        return sendBatch(batch).chain(handled -> handled == batch && remaining > handled
                ? drain(remaining - handled) : Uni.createFrom().voidItem());
    }

    /** Picks one due email and attempts it; false when none is due. */
    public Uni<Boolean> sendOne() {
        return sendBatch(1).map(handled -> handled > 0);
    }

    /**
     * Picks up to {@code max} due emails (locked until this transaction ends), sends them in
     * parallel and records every outcome before the commit; the number picked, 0 when none is due.
     */
    Uni<Integer> sendBatch(int max) {
        return pool.withTransaction(connection -> connection.preparedQuery(PICK)
                .execute(Tuple.of(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), max))
                .chain(rows -> {
                    List<Row> picked = new ArrayList<>(rows.size());
                    rows.forEach(picked::add);
                    if (picked.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom().iterable(picked)
                            .onItem().transformToUniAndMerge(this::attempt)
                            .collect().asList()
                            .chain(outcomes -> recordOutcomes(connection, outcomes))
                            .replaceWith(picked.size());
                }));
    }

    /** What became of one picked email: SENT, CANCELLED or a failure. */
    private record Outcome(UUID id, DeliveryState state, int attemptsBefore, Throwable failure) {
    }

    private Uni<Outcome> attempt(Row row) {
        UUID id = row.getUUID("id");
        String token = row.getString("token");
        int attempts = row.getInteger("attempts");
        if (token == null || !"PENDING".equals(row.getString("invitation_status"))) {
            return Uni.createFrom().item(new Outcome(id, DeliveryState.CANCELLED, attempts, null));
        }
        Mail message;
        try {
            OrgSettings settings = OrgSettings.parse(row.getString("settings"), mapper);
            message = mail.render(new InvitationMail.Content(row.getString("email"), row.getString("name"),
                    row.getString("org_name"), row.getString("invited_by"), settings.ssoOnly(),
                    row.getOffsetDateTime("expires_at").toInstant(),
                    MailLocales.pick(row.getString("locale"), settings.defaultLocale()), token));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new Outcome(id, DeliveryState.FAILED, attempts, e));
        }
        return mailer.send(message)
                .ifNoItem().after(SMTP_TIMEOUT).fail()
                .map(ignored -> {
                    sent.increment();
                    LOG.debugf("Invitation email %s sent (invitation %s)", id, row.getUUID("invitation_id"));
                    return new Outcome(id, DeliveryState.SENT, attempts, null);
                })
                .onFailure().recoverWithItem(failure -> new Outcome(id, DeliveryState.FAILED, attempts, failure));
    }

    /** Every outcome of a batch on its rows, in the transaction that holds them. */
    private Uni<Void> recordOutcomes(SqlConnection connection, List<Outcome> outcomes) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        UUID[] sentIds = outcomes.stream().filter(o -> o.state() == DeliveryState.SENT).map(Outcome::id)
                .toArray(UUID[]::new);
        UUID[] cancelledIds = outcomes.stream().filter(o -> o.state() == DeliveryState.CANCELLED).map(Outcome::id)
                .toArray(UUID[]::new);
        Uni<Void> done = Uni.createFrom().voidItem();
        if (sentIds.length > 0) {
            done = done.chain(() -> connection.preparedQuery(MARK_SENT).execute(Tuple.tuple().addArrayOfUUID(sentIds).addOffsetDateTime(now)))
                    .replaceWithVoid();
        }
        if (cancelledIds.length > 0) {
            done = done.chain(() -> connection.preparedQuery(MARK_CANCELLED).execute(Tuple.tuple().addArrayOfUUID(cancelledIds)))
                    .replaceWithVoid();
        }
        for (Outcome outcome : outcomes) {
            if (outcome.state() == DeliveryState.FAILED) {
                done = done.chain(() -> recordFailure(connection, outcome.id(), outcome.attemptsBefore(),
                        outcome.failure()));
            }
        }
        return done;
    }

    private Uni<Void> recordFailure(SqlConnection connection, UUID id, int attemptsBefore, Throwable failure) {
        failed.increment();
        int attempts = attemptsBefore + 1;
        Instant now = clock.instant();
        Instant next = attempts >= config.delivery().maxAttempts() ? null
                : now.plus(backoff(attempts, config.delivery().initialBackoff(), config.delivery().maxBackoff()));
        String reason = reason(failure);
        if (next == null) {
            LOG.warnf("Invitation email %s failed %d times, giving up: %s", id, attempts, reason);
        } else {
            LOG.infof("Invitation email %s failed (attempt %d), retrying at %s: %s", id, attempts, next, reason);
        }
        return connection.preparedQuery(MARK_FAILED)
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), reason,
                        next == null ? null : OffsetDateTime.ofInstant(next, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Wait after the n-th failed attempt: initial * 2^(n-1), capped at max. */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        long delay = initial.toMillis() << Math.min(Math.max(attempts, 1) - 1, 30);
        return Duration.ofMillis(delay <= 0 || delay > max.toMillis() ? max.toMillis() : delay);
    }

    /** A short reason without the message content (which holds the link). */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("[\\r\\n]+", " ").trim();
        String reason = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return reason.length() > 300 ? reason.substring(0, 300) : reason;
    }

    /** Stops sending, as a stopped instance would; rows keep waiting. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }
}
