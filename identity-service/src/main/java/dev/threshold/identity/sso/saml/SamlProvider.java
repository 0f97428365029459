package dev.threshold.identity.sso.saml;

import dev.threshold.identity.sso.IdentityProvider;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The SAML side of an {@link IdentityProvider} of type {@code saml}: the IdP's endpoints and signing
 * certificates, and our own SP signing key for it (sealed, see {@link SpKeys}).
 */
@Entity
@Table(name = "saml_provider")
public class SamlProvider {

    @Id
    @Column(name = "idp_id")
    public UUID idpId;

    @Column(name = "sso_url", nullable = false)
    public String ssoUrl;

    @Column(name = "slo_url")
    public String sloUrl;

    /** Where the metadata was read from, if it came from a URL. */
    @Column(name = "metadata_url")
    public String metadataUrl;

    /** Base64 DER, space-separated, 1 to 4. */
    @Column(name = "idp_certificates", nullable = false)
    public String idpCertificates;

    @Column(name = "allow_idp_initiated", nullable = false)
    public boolean allowIdpInitiated;

    /** Base64 DER of our self-signed SP certificate. */
    @Column(name = "sp_certificate", nullable = false)
    public String spCertificate;

    @Column(name = "sp_private_key_sealed", nullable = false)
    public byte[] spPrivateKeySealed;

    @Column(name = "sp_private_key_key_id", nullable = false)
    public String spPrivateKeyKeyId;

    public List<X509Certificate> certificates() {
        List<X509Certificate> all = new ArrayList<>();
        for (String one : Arrays.asList(idpCertificates.trim().split(" +"))) {
            try {
                all.add(Certificates.parse(one));
            } catch (Certificates.Invalid e) {
                throw new IllegalStateException("stored IdP certificate of " + idpId + " unreadable");
            }
        }
        return all;
    }

    public void certificates(List<X509Certificate> certificates) {
        idpCertificates = String.join(" ", certificates.stream().map(Certificates::base64).toList());
    }

    public X509Certificate spCertificate() {
        try {
            return Certificates.parse(spCertificate);
        } catch (Certificates.Invalid e) {
            throw new IllegalStateException("stored SP certificate of " + idpId + " unreadable");
        }
    }
}
