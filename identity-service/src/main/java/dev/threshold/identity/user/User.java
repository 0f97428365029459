package dev.threshold.identity.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A person of one organization. The email is stored lower-case and is unique in the org. */
@Entity
@Table(name = "app_user")
public class User {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String email;

    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public UserState state;

    /** Comma-separated role names. */
    @Column(nullable = false)
    public String roles;

    public String locale;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Argon2id PHC string; null for people who sign in through SSO only or have not accepted yet. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    /** Kept from mfa-service's events: at least one validated MFA device. */
    @Column(name = "mfa_enrolled", nullable = false)
    public boolean mfaEnrolled;

    @Version
    public long version;

    public List<String> roleList() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }
}
