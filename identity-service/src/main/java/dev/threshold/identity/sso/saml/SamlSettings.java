package dev.threshold.identity.sso.saml;

import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import dev.threshold.identity.sso.ClaimMapping;
import dev.threshold.identity.sso.IdentityProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * java-saml's settings for one provider, strict: responses must be signed (the response, the
 * assertion, or both) by one of the provider's certificates with SHA-256 or better (SHA-1 refused),
 * carry our entity id as audience, our ACS URL as destination and recipient, the provider's entity
 * id as issuer (and pass the SAML schemas, checked before by {@link SamlSchema}). AuthnRequests are
 * signed with RSA-SHA256.
 */
@ApplicationScoped
public class SamlSettings {

    private final SpKeys keys;

    public SamlSettings(SpKeys keys) {
        this.keys = keys;
    }

    /** For validating responses and signing requests. */
    public Saml2Settings of(IdentityProvider idp, SamlProvider saml, SamlUrls.Sp sp) {
        return build(idp, saml, sp, false);
    }

    /**
     * For our metadata: the same, but it asks for signed assertions (IdPs such as Keycloak read it so)
     * and offers our certificate for encryption too (encrypted assertions are accepted, not required).
     */
    public Saml2Settings forMetadata(IdentityProvider idp, SamlProvider saml, SamlUrls.Sp sp) {
        return build(idp, saml, sp, true);
    }

    private Saml2Settings build(IdentityProvider idp, SamlProvider saml, SamlUrls.Sp sp, boolean metadata) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.DEBUG_PROPERTY_KEY, false);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, sp.entityId());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, sp.acsUrl());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_POST);
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY,
                ClaimMapping.DEFAULT_EMAIL_CLAIM.equals(idp.claimMapping().emailClaim())
                        ? Constants.NAMEID_EMAIL_ADDRESS : Constants.NAMEID_UNSPECIFIED);
        values.put(SettingsBuilder.SP_X509CERT_PROPERTY_KEY, saml.spCertificate());
        values.put(SettingsBuilder.SP_PRIVATEKEY_PROPERTY_KEY, keys.privateKey(saml));
        values.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, idp.issuer);
        values.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, saml.ssoUrl);
        values.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_REDIRECT);
        List<X509Certificate> certificates = saml.certificates();
        values.put(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY, certificates.get(0));
        for (int i = 1; i < certificates.size(); i++) {
            values.put(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + (i - 1), certificates.get(i));
        }
        values.put(SettingsBuilder.SECURITY_AUTHREQUEST_SIGNED, true);
        values.put(SettingsBuilder.SECURITY_WANT_MESSAGES_SIGNED, false);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, metadata);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_ENCRYPTED, metadata);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID, false);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID_ENCRYPTED, false);
        // the schema check is SamlSchema's, before java-saml: java-saml's knows XML Encryption 1.0 only
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, false);
        values.put(SettingsBuilder.SECURITY_SIGNATURE_ALGORITHM, Constants.RSA_SHA256);
        values.put(SettingsBuilder.SECURITY_DIGEST_ALGORITHM, Constants.SHA256);
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        values.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, true);
        // Keycloak (by default) and others send one Attribute element per value, e.g. a "Role" per role: a
        // repeated name is one attribute with all the values in document order, as a multi-valued one is
        values.put(SettingsBuilder.SECURITY_ALLOW_REPEAT_ATTRIBUTE_NAME_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SECURITY_REQUESTED_AUTHNCONTEXT, List.of());
        values.put(SettingsBuilder.PARSING_TRIM_NAME_IDS, true);
        values.put(SettingsBuilder.PARSING_TRIM_ATTRIBUTE_VALUES, true);
        values.put(SettingsBuilder.UNIQUE_ID_PREFIX_PROPERTY_KEY, "_thr");
        return new SettingsBuilder().fromValues(values).build();
    }
}
