package dev.threshold.identity.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A password a person used before (its hash), for the policy's "no reuse of the last N". */
@Entity
@Table(name = "password_history")
public class PasswordHistory {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static PasswordHistory of(UUID userId, String hash, Instant at) {
        PasswordHistory entry = new PasswordHistory();
        entry.id = UUID.randomUUID();
        entry.userId = userId;
        entry.hash = hash;
        entry.createdAt = at;
        return entry;
    }
}
