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

/**
 * A user's second factor: a TOTP authenticator (its secret encrypted) or a passkey (a WebAuthn
 * credential). PENDING from enrollment until its first code or its registration verifies, then
 * ACTIVE.
 */
@Entity
@Table(name = "device")
public class Device {

    public enum Status { PENDING, ACTIVE }

    /** The kind of device; the API names them in lower case ({@code totp}, {@code webauthn}). */
    public enum Type {
        TOTP, WEBAUTHN;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Type type = Type.TOTP;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    /** TOTP only. */
    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "secret_nonce")
    public byte[] secretNonce;

    @Column(name = "secret_kid")
    public String secretKid;

    /** Passkeys only (once ACTIVE): the WebAuthn credential. */
    @Column(name = "credential_id")
    public byte[] credentialId;

    /** The credential's COSE_Key, CBOR as the authenticator sent it. */
    @Column(name = "public_key")
    public byte[] publicKey;

    @Column(name = "sign_count")
    public Long signCount;

    /** Comma-separated AuthenticatorTransport values, or null. */
    @Column
    public String transports;

    @Column
    public UUID aaguid;

    @Column(name = "attestation_format")
    public String attestationFormat;

    @Column(name = "uv_initialized")
    public Boolean uvInitialized;

    @Column(name = "backup_eligible")
    public Boolean backupEligible;

    @Column(name = "backup_state")
    public Boolean backupState;

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

    public boolean isTotp() {
        return type == Type.TOTP;
    }

    public boolean isPasskey() {
        return type == Type.WEBAUTHN;
    }

    public static String nameKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
