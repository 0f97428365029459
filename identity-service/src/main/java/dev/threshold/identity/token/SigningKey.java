package dev.threshold.identity.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored ES256 key pair; the private half encrypted (see {@link KeyEncryption}). */
@Entity
@Table(name = "signing_key")
public class SigningKey {

    @Id
    public String kid;

    @Column(nullable = false)
    public String algorithm;

    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key", nullable = false)
    public byte[] privateKey;

    @Column(name = "encryption_key_id", nullable = false)
    public String encryptionKeyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}
