package dev.threshold.identity.token;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM for private keys at rest: a random 96-bit nonce per value, the key id as associated data. */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;
    private final String keyId;

    public KeyEncryption(TokenConfig config) {
        byte[] raw = Base64.getDecoder().decode(config.keyEncryptionKey().trim());
        if (raw.length != 32) {
            throw new IllegalStateException("threshold.tokens.key-encryption-key must be 32 bytes, base64");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = config.keyEncryptionKeyId();
    }

    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(byte[] plain, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public byte[] decrypt(byte[] sealed, String encryptionKeyId, String associatedData) {
        if (!keyId.equals(encryptionKeyId)) {
            throw new IllegalStateException("signing key encrypted under unknown key id " + encryptionKeyId);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt signing key (wrong key encryption key?)", e);
        }
    }
}
