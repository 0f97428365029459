package dev.threshold.mfa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AES-256-GCM at rest: rotation keeps old rows readable, any change to a row is detected. */
class SecretCipherTest {

    private static final String K1 = key();
    private static final String K2 = key();
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void decryptsRowsOfThePreviousKeyAfterRotationAndWritesNewOnesWithTheNewKey() {
        SecretCipher before = new SecretCipher("k1", K1, "");
        SecretCipher.Sealed old = before.encrypt(SECRET, "row-1");
        assertThat(old.kid()).isEqualTo("k1");
        assertThat(old.nonce()).hasSize(12);
        assertThat(new String(old.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("1234567890");

        SecretCipher after = new SecretCipher("k2", K2, "k1:" + K1);
        assertThat(after.decrypt(old, "row-1")).isEqualTo(SECRET);
        SecretCipher.Sealed fresh = after.encrypt(SECRET, "row-2");
        assertThat(fresh.kid()).isEqualTo("k2");
        assertThat(after.decrypt(fresh, "row-2")).isEqualTo(SECRET);
        // the old configuration knows nothing of k2
        assertThatThrownBy(() -> before.decrypt(fresh, "row-2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key with id k2");
        // once k1 is dropped, its rows are unreadable: rotate rows before dropping a key
        assertThatThrownBy(() -> new SecretCipher("k2", K2, "").decrypt(old, "row-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usesAFreshNonceForEveryRow() {
        SecretCipher cipher = new SecretCipher("k1", K1, "");
        SecretCipher.Sealed a = cipher.encrypt(SECRET, "row");
        SecretCipher.Sealed b = cipher.encrypt(SECRET, "row");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void refusesTamperedCiphertextNonceOrAssociatedData() {
        SecretCipher cipher = new SecretCipher("k1", K1, "");
        SecretCipher.Sealed sealed = cipher.encrypt(SECRET, "device-a/user-a");
        for (int i = 0; i < sealed.ciphertext().length; i += 7) {
            byte[] changed = sealed.ciphertext().clone();
            changed[i] ^= 1;
            assertThatThrownBy(() -> cipher.decrypt(new SecretCipher.Sealed("k1", sealed.nonce(), changed), "device-a/user-a"))
                    .isInstanceOf(IllegalStateException.class);
        }
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(new SecretCipher.Sealed("k1", nonce, sealed.ciphertext()), "device-a/user-a"))
                .isInstanceOf(IllegalStateException.class);
        // a ciphertext copied to another row or user does not decrypt there
        assertThatThrownBy(() -> cipher.decrypt(sealed, "device-b/user-a")).isInstanceOf(IllegalStateException.class);
        assertThat(cipher.decrypt(sealed, "device-a/user-a")).isEqualTo(SECRET);
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> new SecretCipher("k1", Base64.getEncoder().encodeToString(new byte[16]), ""))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretCipher("k1", "not base64!", "")).hasMessageContaining("base64");
        assertThatThrownBy(() -> new SecretCipher("k1", K1, "k0")).hasMessageContaining("kid:base64");
        assertThatThrownBy(() -> new SecretCipher(" ", K1, "")).hasMessageContaining("key-id");
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
