package dev.threshold.invitation.invitation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An invitation of one person into one org. Only the hash of its current token is kept. */
@Entity
@Table(name = "invitation")
public class Invitation {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    /** As the admin typed it. */
    @Column(nullable = false)
    public String email;

    /** Lower-cased {@link #email}: the uniqueness key within an org. */
    @Column(name = "email_key", nullable = false)
    public String emailKey;

    @Column(nullable = false)
    public String name;

    /** Comma-separated, see {@link Role#join}. */
    @Column(nullable = false)
    public String roles;

    public String locale;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvitationStatus status;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** Name or email of the admin who invited (from the access token), null for the first admin. */
    @Column(name = "invited_by")
    public String invitedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "expired_at")
    public Instant expiredAt;

    public List<String> roleList() {
        return Role.split(roles);
    }
}
