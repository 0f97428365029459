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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
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

    private final SendQueueRepository sends;
    private final ReactiveMailer mailer;
    private final InvitationMail mail;
    private final InvitationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private volatile boolean paused;

    public DeliveryWorker(SendQueueRepository sends, ReactiveMailer mailer, InvitationMail mail, InvitationConfig config,
            ObjectMapper mapper, Clock clock, MeterRegistry registry) {
        this.sends = sends;
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
        return sends.sendDue(max, due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndMerge(this::attempt)
                .collect().asList());
    }

    private Uni<DeliveryOutcome> attempt(SendQueueRepository.Due due) {
        if (due.token() == null || !"PENDING".equals(due.invitationStatus())) {
            return Uni.createFrom().item(DeliveryOutcome.cancelled(due.id()));
        }
        Mail message;
        try {
            OrgSettings settings = OrgSettings.parse(due.orgSettings(), mapper);
            message = mail.render(new InvitationMail.Content(due.email(), due.name(), due.orgName(), due.invitedBy(),
                    settings.ssoOnly(), due.expiresAt(), MailLocales.pick(due.locale(), settings.defaultLocale()),
                    due.token()));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(failed(due, e));
        }
        return mailer.send(message)
                .ifNoItem().after(SMTP_TIMEOUT).fail()
                .map(ignored -> {
                    sent.increment();
                    LOG.debugf("Invitation email %s sent (invitation %s)", due.id(), due.invitationId());
                    return DeliveryOutcome.sent(due.id());
                })
                .onFailure().recoverWithItem(failure -> failed(due, failure));
    }

    private DeliveryOutcome failed(SendQueueRepository.Due due, Throwable failure) {
        failed.increment();
        return DeliveryOutcome.failed("Invitation email", due.id(), due.attempts(), failure, clock.instant(),
                config.delivery());
    }

    /** Stops sending, as a stopped instance would; rows keep waiting. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }
}
