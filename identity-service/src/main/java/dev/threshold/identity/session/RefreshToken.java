package dev.threshold.identity.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A refresh token, known only by its SHA-256. {@code usedAt} set means it was rotated away. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
