package dev.threshold.identity.reset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A forgotten-password request answered {@code 202} whose links are not made yet. */
@Entity
@Table(name = "password_reset_request")
public class PasswordResetRequest {

    @Id
    public UUID id;

    /** Trimmed and lower-cased, as looked up. */
    @Column(nullable = false)
    public String email;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;
}
