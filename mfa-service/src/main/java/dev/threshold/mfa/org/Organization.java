package dev.threshold.mfa.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * What this service knows of an organization of its region: its MFA policy, a read model kept by
 * {@code org.created} / {@code org.updated}. identity-service owns the real thing.
 */
@Entity
@Table(name = "org")
public class Organization {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String region;

    @Column(name = "mfa_required", nullable = false)
    public boolean mfaRequired;

    /** Days a browser may skip MFA after a login with it (0 = off); identity-service applies it. */
    @Column(name = "mfa_remember_days", nullable = false)
    public int mfaRememberDays;

    /** Time of the event this row reflects; older events are ignored. */
    @Column(name = "event_time", nullable = false)
    public Instant eventTime;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
