package dev.threshold.identity.session;

import dev.threshold.identity.token.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The refresh token that follows a given one: {@code base64url(HMAC-SHA256(k, token))}, so every
 * presentation of one token inside the reuse grace answers the same successor (one branch,
 * however many tabs raced). {@code k} is derived from the key-encryption key with a label of its
 * own ({@code HMAC-SHA256(kek, label)}), so no further secret has to be configured; without the
 * server's key nobody can compute a successor from a token, and a successor is as unguessable as
 * a random 256-bit secret.
 */
@ApplicationScoped
public class RefreshTokenSuccessors {

    private static final String LABEL = "threshold refresh-token successor v1";
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    public RefreshTokenSuccessors(TokenConfig config) {
        byte[] kek = Base64.getDecoder().decode(config.keyEncryptionKey().trim());
        this.key = new SecretKeySpec(mac(new SecretKeySpec(kek, HMAC), LABEL), HMAC);
    }

    /** The successor of {@code token}: always the same for the same token. */
    public String successorOf(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, token));
    }

    private static byte[] mac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
