package dev.threshold.invitation.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A token ever issued for an invitation, by hash. A resend replaces the current token; the
 * replaced one is remembered so that its link answers "revoked" rather than "not found".
 */
@Entity
@Table(name = "invitation_token")
public class InvitationToken {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "invitation_id", nullable = false)
    public UUID invitationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "replaced_at")
    public Instant replacedAt;

    public static InvitationToken of(String hash, UUID invitationId, Instant now) {
        InvitationToken token = new InvitationToken();
        token.tokenHash = hash;
        token.invitationId = invitationId;
        token.createdAt = now;
        return token;
    }
}
