package dev.threshold.invitation.delivery;

import dev.threshold.invitation.config.InvitationConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What became of one picked email of a mail outbox (invitations, notifications), as its row
 * records it before the batch commits: SENT, CANCELLED, or FAILED with a short reason and the
 * next attempt (none: given up).
 */
public record DeliveryOutcome(UUID id, DeliveryState state, String reason, Instant nextAttempt) {

    private static final Logger LOG = Logger.getLogger(DeliveryOutcome.class);

    public static DeliveryOutcome sent(UUID id) {
        return new DeliveryOutcome(id, DeliveryState.SENT, null, null);
    }

    public static DeliveryOutcome cancelled(UUID id) {
        return new DeliveryOutcome(id, DeliveryState.CANCELLED, null, null);
    }

    /** Not worth another attempt. */
    public static DeliveryOutcome givenUp(String what, UUID id, String reason) {
        LOG.infof("%s %s given up: %s", what, id, reason);
        return new DeliveryOutcome(id, DeliveryState.FAILED, reason, null);
    }

    /**
     * A failed attempt, retried with exponential backoff until {@code max-attempts}, then given
     * up; logged without the message content (which holds a link).
     *
     * @param what what the email is, for the log: {@code Invitation email}
     */
    public static DeliveryOutcome failed(String what, UUID id, int attemptsBefore, Throwable failure, Instant now,
            InvitationConfig.Delivery delivery) {
        int attempts = attemptsBefore + 1;
        Instant next = attempts >= delivery.maxAttempts() ? null
                : now.plus(backoff(attempts, delivery.initialBackoff(), delivery.maxBackoff()));
        String reason = reason(failure);
        if (next == null) {
            LOG.warnf("%s %s failed %d times, giving up: %s", what, id, attempts, reason);
        } else {
            LOG.infof("%s %s failed (attempt %d), retrying at %s: %s", what, id, attempts, next, reason);
        }
        return new DeliveryOutcome(id, DeliveryState.FAILED, reason, next);
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
}
