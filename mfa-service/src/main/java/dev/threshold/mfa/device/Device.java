package dev.threshold.mfa.device;

import dev.threshold.mfa.crypto.SecretCipher;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's TOTP authenticator: PENDING from enrollment until its first code, then ACTIVE. */
@Entity
@Table(name = "device")
public class Device {

    public enum Status { PENDING, ACTIVE }

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "org_id", nullable = false)
    public UUID orgId;

    @Column(nullable = false)
    public String name;

    @Column(name = "name_key", nullable = false)
    public String nameKey;

    @Column(nullable = false)
    public String account;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(name = "secret_nonce", nullable = false)
    public byte[] secretNonce;

    @Column(name = "secret_kid", nullable = false)
    public String secretKid;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** End of a PENDING enrollment; null once ACTIVE. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "validated_at")
    public Instant validatedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** Associated data of the secret's encryption: the ciphertext belongs to this row and user only. */
    public static String associatedData(UUID id, String userId) {
        return "threshold-mfa/device/" + id + "/" + userId;
    }

    public SecretCipher.Sealed sealedSecret() {
        return new SecretCipher.Sealed(secretKid, secretNonce, secretCiphertext);
    }

    public static String nameKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
