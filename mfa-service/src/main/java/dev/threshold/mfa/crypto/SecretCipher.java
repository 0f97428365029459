package dev.threshold.mfa.crypto;

import dev.threshold.mfa.config.MfaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM: a random 96-bit nonce per row, the key id
 * stored beside the ciphertext, and associated data that binds a ciphertext to its row (so it
 * cannot be copied to another device or user). New rows use the active key; rows under a
 * previous key still decrypt, which is how a key is rotated.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String activeKid;
    private final Map<String, SecretKey> keys;

    public record Sealed(String kid, byte[] nonce, byte[] ciphertext) {
    }

    @Inject
    public SecretCipher(MfaConfig config) {
        this(config.encryption().keyId(), config.encryption().key(), config.encryption().previousKeys().orElse(""));
    }

    /**
     * @param previousKeys {@code kid:base64,kid:base64}, decrypt-only
     */
    public SecretCipher(String activeKid, String activeKey, String previousKeys) {
        Map<String, SecretKey> all = new LinkedHashMap<>();
        for (String entry : previousKeys.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("threshold.mfa.encryption.previous-keys: want kid:base64,kid:base64");
            }
            all.put(trimmed.substring(0, colon).strip(), key(trimmed.substring(colon + 1), "previous key "
                    + trimmed.substring(0, colon).strip()));
        }
        if (activeKid == null || activeKid.isBlank()) {
            throw new IllegalArgumentException("threshold.mfa.encryption.key-id must not be empty");
        }
        all.put(activeKid.strip(), key(activeKey, "threshold.mfa.encryption.key"));
        this.activeKid = activeKid.strip();
        this.keys = Map.copyOf(all);
    }

    public String activeKid() {
        return activeKid;
    }

    public Sealed encrypt(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKid), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(activeKid, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException for an unknown key id, or a ciphertext, nonce or associated data that was changed */
    public byte[] decrypt(Sealed sealed, String associatedData) {
        SecretKey key = keys.get(sealed.kid());
        if (key == null) {
            throw new IllegalStateException("no key with id " + sealed.kid() + " is configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret under key " + sealed.kid() + " does not decrypt (tampered?)", e);
        }
    }

    private static SecretKey key(String base64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes (AES-256), base64-encoded");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
