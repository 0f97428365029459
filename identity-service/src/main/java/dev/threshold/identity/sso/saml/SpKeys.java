package dev.threshold.identity.sso.saml;

import dev.threshold.identity.token.KeyEncryption;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Our SAML service-provider signing key, one per provider (so that rolling or removing one provider
 * touches no other): RSA 2048 (what every IdP verifies), a self-signed certificate valid for ten
 * years carrying its public half, the private half AES-256-GCM sealed under the key encryption key
 * like the token signing keys and client secrets, {@code saml-sp-key:<idp id>} as associated data.
 */
@ApplicationScoped
public class SpKeys {

    static final Duration VALIDITY = Duration.ofDays(3650);

    private final KeyEncryption encryption;
    private final Clock clock;

    public SpKeys(KeyEncryption encryption, Clock clock) {
        this.encryption = encryption;
        this.clock = clock;
    }

    /** A new key and certificate, sealed into the row (blocking: RSA key generation takes a few ms). */
    public void generate(SamlProvider provider) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            provider.spCertificate = Certificates.base64(Certificates.selfSigned(keys,
                    // RFC 5280 caps a CN at 64 characters: the region lives in the entity id and ACS URL
                    "Threshold SP " + provider.idpId, clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5)),
                    VALIDITY));
            provider.spPrivateKeySealed = encryption.encrypt(keys.getPrivate().getEncoded(), aad(provider.idpId));
            provider.spPrivateKeyKeyId = encryption.keyId();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an SP key", e);
        }
    }

    public PrivateKey privateKey(SamlProvider provider) {
        try {
            byte[] pkcs8 = encryption.decrypt(provider.spPrivateKeySealed, provider.spPrivateKeyKeyId, aad(provider.idpId));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored SP key of " + provider.idpId + " unreadable", e);
        }
    }

    private static String aad(UUID idpId) {
        return "saml-sp-key:" + idpId;
    }
}
