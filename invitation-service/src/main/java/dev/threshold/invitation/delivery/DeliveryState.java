package dev.threshold.invitation.delivery;

/**
 * QUEUED (waiting for its first attempt), SENT (the SMTP server accepted it), FAILED (the last
 * attempt failed; retried while {@code nextAttemptAt} is set), CANCELLED (the token was
 * replaced, revoked or expired before it went out).
 */
public enum DeliveryState {
    QUEUED, SENT, FAILED, CANCELLED
}
