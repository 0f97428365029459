package dev.threshold.invitation.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A user known to be active in an org (from {@code user.activated}): not invitable again. */
@Entity
@Table(name = "active_user")
@IdClass(ActiveUser.Key.class)
public class ActiveUser {

    @Id
    @Column(name = "org_id")
    public UUID orgId;

    /** Lower-cased email. */
    @Id
    @Column(name = "email_key")
    public String emailKey;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "activated_at", nullable = false)
    public Instant activatedAt;

    public static class Key implements Serializable {
        public UUID orgId;
        public String emailKey;

        public Key() {
        }

        public Key(UUID orgId, String emailKey) {
            this.orgId = orgId;
            this.emailKey = emailKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(orgId, key.orgId) && Objects.equals(emailKey, key.emailKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orgId, emailKey);
        }
    }
}
