package dev.threshold.mfa.verification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One wrong code a user entered; the rate limit counts these within its window. */
@Entity
@Table(name = "failed_attempt")
public class FailedAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "failed_at", nullable = false)
    public Instant failedAt;
}
