package dev.threshold.identity.reset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One emailed reset link of a person: only the SHA-256 of its token, and what became of it. */
@Entity
@Table(name = "password_reset")
public class PasswordReset {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    /** base64url of the SHA-256 of the token ({@code SecretTokens.hash}). */
    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** Set when a reset with this link set the password. */
    @Column(name = "used_at")
    public Instant usedAt;

    /** Set when a newer request of the same person replaced this link. */
    @Column(name = "replaced_at")
    public Instant replacedAt;
}
