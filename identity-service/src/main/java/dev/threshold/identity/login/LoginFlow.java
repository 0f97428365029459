package dev.threshold.identity.login;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A password login waiting for its MFA proof; the mfaToken's {@code flow}. Completed at most once. */
@Entity
@Table(name = "login_flow")
public class LoginFlow {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    /** {@code enroll} or {@code challenge}. */
    @Column(nullable = false)
    public String action;

    @Column(name = "cookie_mode", nullable = false)
    public boolean cookieMode;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "consumed_at")
    public Instant consumedAt;
}
