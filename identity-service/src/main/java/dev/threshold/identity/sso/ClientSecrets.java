package dev.threshold.identity.sso;

import dev.threshold.identity.token.KeyEncryption;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Seals an IdP's client secret with the same AES-256-GCM key that protects the signing keys; the
 * provider's id is the associated data, so a sealed secret only opens for its own row.
 */
@ApplicationScoped
public class ClientSecrets {

    private final KeyEncryption encryption;

    public ClientSecrets(KeyEncryption encryption) {
        this.encryption = encryption;
    }

    public void seal(IdentityProvider idp, String secret) {
        idp.clientSecretSealed = encryption.encrypt(secret.getBytes(StandardCharsets.UTF_8), aad(idp));
        idp.clientSecretKeyId = encryption.keyId();
    }

    public String open(IdentityProvider idp) {
        return open(idp.id.toString(), idp.clientSecretSealed, idp.clientSecretKeyId);
    }

    public String open(String idpId, byte[] sealed, String keyId) {
        return new String(encryption.decrypt(sealed, keyId, "identity-provider:" + idpId), StandardCharsets.UTF_8);
    }

    private static String aad(IdentityProvider idp) {
        return "identity-provider:" + idp.id;
    }
}
