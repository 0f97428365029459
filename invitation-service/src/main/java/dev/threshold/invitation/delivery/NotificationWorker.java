package dev.threshold.invitation.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.common.internal.InternalSeal;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.delivery.events.IdentityProviderChanged;
import dev.threshold.invitation.delivery.events.PasswordResetRequested;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the queued notification emails ({@link NotificationQueue}) the way {@link DeliveryWorker}
 * sends invitations: rows picked {@code FOR UPDATE SKIP LOCKED} in a short transaction, marked
 * SENT once the SMTP server accepted, FAILED with the reason and retried with exponential backoff
 * ({@code threshold.invitations.delivery.*}) until {@code max-attempts}.
 */
@ApplicationScoped
public class NotificationWorker {

    private static final Logger LOG = Logger.getLogger(NotificationWorker.class);
    private static final Duration SMTP_TIMEOUT = Duration.ofSeconds(60);
    private static final String PICK = """
            select id, kind, recipient, recipient_name, locale, data, attempts
              from invitation.notification_mail
             where next_attempt_at <= $1 and status in ('QUEUED', 'FAILED')
             order by next_attempt_at
             limit $2
               for update skip locked""";
    /** A sent or given-up password reset keeps no trace of its (sealed) token. */
    private static final String SCRUB = "data = case when kind = '" + NotificationQueue.PASSWORD_RESET
            + "' then '{}' else data end";
    private static final String MARK_SENT = "update invitation.notification_mail set status = 'SENT',"
            + " attempts = attempts + 1, last_attempt_at = $2, sent_at = $2, next_attempt_at = null, last_error = null, "
            + SCRUB + " where id = $1";
    private static final String MARK_FAILED = "update invitation.notification_mail set status = 'FAILED',"
            + " attempts = attempts + 1, last_attempt_at = $2, last_error = $3, next_attempt_at = $4,"
            + " data = case when $4::timestamptz is null and kind = '" + NotificationQueue.PASSWORD_RESET
            + "' then '{}' else data end where id = $1";

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final NotificationMail mail;
    private final PasswordResetMail resetMail;
    private final InvitationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private final RegionConfig region;
    private final InternalSeal seal;

    public NotificationWorker(Pool pool, ReactiveMailer mailer, NotificationMail mail, PasswordResetMail resetMail,
            InvitationConfig config, ObjectMapper mapper, Clock clock, MeterRegistry registry, RegionConfig region,
            @ConfigProperty(name = "threshold.internal.token", defaultValue = "") String internalToken) {
        this.pool = pool;
        this.mailer = mailer;
        this.mail = mail;
        this.resetMail = resetMail;
        this.region = region;
        InternalSeal configured = null;
        try {
            configured = InternalSeal.forPurpose(internalToken, PasswordResetRequested.SEAL_PURPOSE);
        } catch (IllegalStateException e) {
            LOG.warn("threshold.internal.token is not set: forgotten-password emails cannot be opened and will fail");
        }
        this.seal = configured;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.sent = Counter.builder("threshold.invitation.notification.sent")
                .description("Notification emails to admins the SMTP server accepted").register(registry);
        this.failed = Counter.builder("threshold.invitation.notification.failed")
                .description("Notification email attempts that failed").register(registry);
    }

    @Scheduled(every = "${threshold.invitations.delivery.interval:1s}", identity = "notification-delivery",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return sendBatch(Math.max(1, config.delivery().batchSize()))
                .onFailure().invoke(failure -> LOG.warnf("Notification delivery poll failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Picks up to {@code max} due emails, sends them and records every outcome before the commit. */
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
                            .onItem().transformToUniAndConcatenate(row -> attempt(connection, row))
                            .collect().asList()
                            .replaceWith(picked.size());
                }));
    }

    private Uni<Void> attempt(SqlConnection connection, Row row) {
        UUID id = row.getUUID("id");
        int attempts = row.getInteger("attempts");
        Mail message;
        try {
            message = render(row);
        } catch (Expired e) {
            return giveUp(connection, id, attempts, "the link expired before it could be sent");
        } catch (Exception e) {
            return recordFailure(connection, id, attempts, e);
        }
        return mailer.send(message)
                .ifNoItem().after(SMTP_TIMEOUT).fail()
                .chain(ignored -> {
                    sent.increment();
                    return connection.preparedQuery(MARK_SENT)
                            .execute(Tuple.of(id, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                            .replaceWithVoid();
                })
                .onFailure().recoverWithUni(failure -> recordFailure(connection, id, attempts, failure));
    }

    private Mail render(Row row) throws Exception {
        String kind = row.getString("kind");
        String recipient = row.getString("recipient");
        if (NotificationQueue.IDP_CHANGED.equals(kind)) {
            IdentityProviderChanged change = mapper.readValue(row.getString("data"), IdentityProviderChanged.class);
            return mail.identityProviderChanged(recipient, row.getString("recipient_name"),
                    MailLocales.pick(row.getString("locale"), null), change);
        }
        if (NotificationQueue.PASSWORD_RESET.equals(kind)) {
            PasswordResetRequested request = mapper.readValue(row.getString("data"), PasswordResetRequested.class);
            if (request.expiresAt() == null || !clock.instant().isBefore(request.expiresAt())) {
                throw new Expired();
            }
            if (seal == null) {
                throw new IllegalStateException("threshold.internal.token is not set: the link cannot be opened");
            }
            // opened only here, for the SMTP server; never stored, logged or put in a failure reason
            String token = seal.open(request.sealedToken(), request.userId().toString());
            return resetMail.render(recipient, request, token,
                    request.region() == null || request.region().isBlank() ? region.region() : request.region());
        }
        throw new IllegalStateException("unknown notification kind " + kind);
    }

    /** A link that expired while its email waited (SMTP down for long): not worth sending any more. */
    private static final class Expired extends Exception {
        Expired() {
            super(null, null, false, false);
        }
    }

    private Uni<Void> giveUp(SqlConnection connection, UUID id, int attemptsBefore, String reason) {
        failed.increment();
        LOG.infof("Notification email %s given up: %s", id, reason);
        return connection.preparedQuery(MARK_FAILED)
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), reason, null))
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(SqlConnection connection, UUID id, int attemptsBefore, Throwable failure) {
        failed.increment();
        int attempts = attemptsBefore + 1;
        Instant now = clock.instant();
        Instant next = attempts >= config.delivery().maxAttempts() ? null
                : now.plus(DeliveryWorker.backoff(attempts, config.delivery().initialBackoff(), config.delivery().maxBackoff()));
        String reason = DeliveryWorker.reason(failure);
        if (next == null) {
            LOG.warnf("Notification email %s failed %d times, giving up: %s", id, attempts, reason);
        } else {
            LOG.infof("Notification email %s failed (attempt %d), retrying at %s: %s", id, attempts, next, reason);
        }
        return connection.preparedQuery(MARK_FAILED)
                .execute(Tuple.of(id, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), reason,
                        next == null ? null : OffsetDateTime.ofInstant(next, ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
