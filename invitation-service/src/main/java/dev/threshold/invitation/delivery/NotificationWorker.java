package dev.threshold.invitation.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.common.internal.InternalSeal;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.invitation.delivery.events.IdentityProviderChanged;
import dev.threshold.invitation.delivery.events.PasswordResetRequested;
import dev.threshold.invitation.delivery.events.UserSecurityChanged;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the queued notification emails ({@link NotificationQueueRepository}) the way {@link DeliveryWorker}
 * sends invitations: rows picked {@code FOR UPDATE SKIP LOCKED} in a short transaction, marked
 * SENT once the SMTP server accepted, FAILED with the reason and retried with exponential backoff
 * ({@code threshold.invitations.delivery.*}) until {@code max-attempts}.
 */
@ApplicationScoped
public class NotificationWorker {

    private static final Logger LOG = Logger.getLogger(NotificationWorker.class);
    private static final Duration SMTP_TIMEOUT = Duration.ofSeconds(60);
    private static final String WHAT = "Notification email";

    private final NotificationQueueRepository notifications;
    private final ReactiveMailer mailer;
    private final NotificationMail mail;
    private final PasswordResetMail resetMail;
    private final SecurityNoticeMail securityMail;
    private final InvitationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private final RegionConfig region;
    private final InternalSeal seal;

    public NotificationWorker(NotificationQueueRepository notifications, ReactiveMailer mailer, NotificationMail mail,
            PasswordResetMail resetMail, SecurityNoticeMail securityMail, InvitationConfig config, ObjectMapper mapper, Clock clock, MeterRegistry registry, RegionConfig region,
            @ConfigProperty(name = "threshold.internal.token", defaultValue = "") String internalToken) {
        this.notifications = notifications;
        this.mailer = mailer;
        this.mail = mail;
        this.resetMail = resetMail;
        this.securityMail = securityMail;
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

    /** Picks up to {@code max} due emails, sends them one after the other and records every outcome before the commit. */
    Uni<Integer> sendBatch(int max) {
        return notifications.sendDue(max, due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(this::attempt)
                .collect().asList());
    }

    private Uni<DeliveryOutcome> attempt(NotificationQueueRepository.Due due) {
        Mail message;
        try {
            message = render(due);
        } catch (Expired e) {
            failed.increment();
            return Uni.createFrom().item(DeliveryOutcome.givenUp(WHAT, due.id(), "the link expired before it could be sent"));
        } catch (Exception e) {
            return Uni.createFrom().item(failed(due, e));
        }
        return mailer.send(message)
                .ifNoItem().after(SMTP_TIMEOUT).fail()
                .map(ignored -> {
                    sent.increment();
                    return DeliveryOutcome.sent(due.id());
                })
                .onFailure().recoverWithItem(failure -> failed(due, failure));
    }

    private DeliveryOutcome failed(NotificationQueueRepository.Due due, Throwable failure) {
        failed.increment();
        return DeliveryOutcome.failed(WHAT, due.id(), due.attempts(), failure, clock.instant(), config.delivery());
    }

    private Mail render(NotificationQueueRepository.Due due) throws Exception {
        String kind = due.kind();
        String recipient = due.recipient();
        if (NotificationQueueRepository.IDP_CHANGED.equals(kind)) {
            IdentityProviderChanged change = mapper.readValue(due.data(), IdentityProviderChanged.class);
            return mail.identityProviderChanged(recipient, due.recipientName(), MailLocales.pick(due.locale(), null), change);
        }
        if (NotificationQueueRepository.PASSWORD_RESET.equals(kind)) {
            PasswordResetRequested request = mapper.readValue(due.data(), PasswordResetRequested.class);
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
        if (NotificationQueueRepository.SECURITY_CHANGED.equals(kind)) {
            UserSecurityChanged change = mapper.readValue(due.data(), UserSecurityChanged.class);
            return securityMail.render(recipient, due.recipientName(), due.locale(), change, region.region());
        }
        throw new IllegalStateException("unknown notification kind " + kind);
    }

    /** A link that expired while its email waited (SMTP down for long): not worth sending any more. */
    private static final class Expired extends Exception {
        Expired() {
            super(null, null, false, false);
        }
    }
}
