package dev.threshold.invitation.invitation.api;

import java.time.Instant;

/**
 * The latest invitation email: {@code state} QUEUED, SENT, FAILED (retried at
 * {@code nextAttemptAt}, or given up when that is null) or CANCELLED.
 */
public record DeliveryResponse(String state, int attempts, Instant lastAttemptAt, String lastError,
        Instant nextAttemptAt, Instant sentAt) {
}
