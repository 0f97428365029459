package dev.threshold.invitation.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * What this service knows of an organization of its region: a read model kept by
 * {@code org.created} / {@code org.updated}. identity-service owns the real thing.
 */
@Entity
@Table(name = "org")
public class Organization {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String region;

    /** The settings document of the last applied event, as identity-service sent it. */
    @Column(name = "settings", nullable = false, columnDefinition = "text")
    public String settingsJson;

    /** Time of the event this row reflects; older events are ignored. */
    @Column(name = "event_time", nullable = false)
    public Instant eventTime;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
