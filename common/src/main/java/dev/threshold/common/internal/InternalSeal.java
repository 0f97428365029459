package dev.threshold.common.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret one service of a region hands to another through a channel that must not be able to
 * read it (an event on the broker, a row that waits in an outbox): AES-256-GCM under a key derived
 * from the region's shared internal secret ({@code THRESHOLD_INTERNAL_TOKEN}) and a purpose, with
 * associated data that binds the sealed value to what it belongs to (e.g. the user id), so it
 * cannot be moved to another event. Only services holding the internal secret can open it; the
 * broker, its dead-letter queue, logs of message bodies and database dumps see ciphertext.
 *
 * <p>Format: {@code v1.<base64url(nonce 12 bytes || ciphertext || tag 16 bytes)>}.
 */
public final class InternalSeal {

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private InternalSeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * @param internalSecret the region's {@code THRESHOLD_INTERNAL_TOKEN} (at least 16 characters)
     * @param purpose        what the sealed values are for, e.g. {@code password-reset-mail}; another purpose cannot open them
     */
    public static InternalSeal forPurpose(String internalSecret, String purpose) {
        if (internalSecret == null || internalSecret.trim().length() < 16) {
            throw new IllegalStateException("THRESHOLD_INTERNAL_TOKEN (threshold.internal.token) must be set, at least 16 characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(internalSecret.trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new InternalSeal(mac.doFinal(("threshold internal seal v1 " + purpose).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String plain, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal", e);
        }
    }

    /** The plain value; {@link Unreadable} when it was sealed under another key, purpose or associated data, or altered. */
    public String open(String sealed, String associatedData) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new Unreadable("not a sealed value");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("not a sealed value");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unreadable("sealed under another key, purpose or associated data, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open", e);
        }
    }

    /** A sealed value that this key cannot open. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }
}
