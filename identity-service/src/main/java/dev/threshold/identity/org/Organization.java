package dev.threshold.identity.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** An organization of this region. Its settings are kept as one JSON document. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    public UUID id;

    /** Lower-case, unique in the region. */
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String region;

    @Column(name = "settings", nullable = false, columnDefinition = "text")
    public String settingsJson;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
