package dev.threshold.identity.client;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** An API client of an org's admin scripts (OAuth 2.0 client credentials). The secret is only a hash here. */
@Entity
@Table(name = "api_client")
public class ApiClient {

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String name;

    /** Comma-separated. */
    @Column(nullable = false)
    public String roles;

    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public List<String> roleList() {
        return Arrays.asList(roles.split(","));
    }
}
