package dev.threshold.identity.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One login of a person in one browser or client; refresh tokens rotate within it. */
@Entity
@Table(name = "session")
public class Session {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    /** {@code password} or {@code sso}. */
    @Column(name = "auth_method", nullable = false)
    public String authMethod;

    /** Comma-separated authentication methods, copied into every access token of the session. */
    @Column(nullable = false)
    public String amr;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    /** The absolute end, however active the session is. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    public List<String> amrList() {
        return Arrays.asList(amr.split(","));
    }
}
