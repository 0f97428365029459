package dev.threshold.invitation.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One invitation email to send (the mail outbox). Written in the transaction that issues the
 * token, sent after commit by {@link DeliveryWorker}. {@link #token} holds the raw token only
 * while the email may still be sent; it is nulled when the row is SENT, CANCELLED or given up.
 */
@Entity
@Table(name = "invitation_send")
public class InvitationSend {

    @Id
    public UUID id;

    @Column(name = "invitation_id", nullable = false)
    public UUID invitationId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    public String token;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryState status;

    @Column(nullable = false)
    public int attempts;

    /** When the worker may (re)try; null once nothing more is to be done. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static InvitationSend queued(UUID invitationId, UUID orgId, String token, Instant now) {
        InvitationSend send = new InvitationSend();
        send.id = UUID.randomUUID();
        send.invitationId = invitationId;
        send.orgId = orgId;
        send.token = token;
        send.status = DeliveryState.QUEUED;
        send.nextAttemptAt = now;
        send.createdAt = now;
        return send;
    }
}
