package dev.threshold.identity.support;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.threshold.identity.sso.saml.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.utils.EncryptionConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SAML identity provider inside the tests: its own RSA key and self-signed certificate (made with
 * the JDK and the ASN.1 classes of Bouncy Castle, as the SP's are), its metadata, and responses that
 * it signs with java-saml's own {@link Util#addSign} (XML-DSig through Apache Santuario), assertion
 * and/or response, SHA-256. Tests then change a response after signing to see it refused.
 */
public final class SamlTestIdp {

    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String NS = "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
            + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";

    public final String entityId;
    public final String ssoUrl;
    public final KeyPair keys;
    public final X509Certificate certificate;

    public SamlTestIdp() {
        this("https://idp-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test/saml", Duration.ofDays(365));
    }

    public SamlTestIdp(String entityId, Duration validity) {
        this.entityId = entityId;
        this.ssoUrl = entityId.replaceFirst("/saml$", "") + "/sso";
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.certificate = Certificates.selfSigned(keys, "Test IdP", Instant.now().minus(Duration.ofDays(1)), validity);
    }

    public String certificateBase64() {
        return Certificates.base64(certificate);
    }

    public String metadata() {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + certificateBase64() + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + ssoUrl + "/post\"/>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                + ssoUrl + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** What goes into one response; tests change any part of it. */
    public static final class Assertion {
        public String id = "_a" + UUID.randomUUID().toString().replace("-", "");
        public String responseId = "_r" + UUID.randomUUID().toString().replace("-", "");
        public String issuer;
        public String responseIssuer;
        public String inResponseTo;
        public String destination;
        public String recipient;
        public String audience;
        public String nameId = "alice@acme.test";
        public String nameIdFormat = Constants.NAMEID_EMAIL_ADDRESS;
        public Map<String, String> attributes = new LinkedHashMap<>(Map.of("displayName", "Alice Acme"));
        /** More {@code saml:Attribute} elements (XML) after {@link #attributes}, e.g. one name repeated. */
        public String moreAttributes = "";
        public Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        public Instant notBefore = issued.minusSeconds(5);
        public Instant notOnOrAfter = issued.plus(Duration.ofMinutes(5));
        public boolean signAssertion = true;
        public boolean signResponse = false;
        public String status = "urn:oasis:names:tc:SAML:2.0:status:Success";
    }

    /** A response for our SP at {@code acsUrl} with entity id {@code spEntityId}. */
    public Assertion assertion(String spEntityId, String acsUrl, String inResponseTo) {
        Assertion assertion = new Assertion();
        assertion.issuer = entityId;
        assertion.responseIssuer = entityId;
        assertion.inResponseTo = inResponseTo;
        assertion.destination = acsUrl;
        assertion.recipient = acsUrl;
        assertion.audience = spEntityId;
        return assertion;
    }

    /** The signed assertion alone (XML), as it sits in a response. */
    public String assertionXml(Assertion a) {
        StringBuilder attributes = new StringBuilder();
        if (!a.attributes.isEmpty() || !a.moreAttributes.isEmpty()) {
            attributes.append("<saml:AttributeStatement>");
            a.attributes.forEach((name, value) -> attributes.append("<saml:Attribute Name=\"").append(name)
                    .append("\"><saml:AttributeValue>").append(value).append("</saml:AttributeValue></saml:Attribute>"));
            attributes.append(a.moreAttributes);
            attributes.append("</saml:AttributeStatement>");
        }
        String inResponseTo = a.inResponseTo == null ? "" : " InResponseTo=\"" + a.inResponseTo + "\"";
        String xml = "<saml:Assertion " + NS + " ID=\"" + a.id + "\" Version=\"2.0\" IssueInstant=\"" + a.issued + "\">"
                + "<saml:Issuer>" + a.issuer + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"" + a.nameIdFormat + "\">" + a.nameId + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + a.notOnOrAfter + "\" Recipient=\"" + a.recipient
                + "\"" + inResponseTo + "/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + a.notBefore + "\" NotOnOrAfter=\"" + a.notOnOrAfter + "\">"
                + (a.audience == null ? "" : "<saml:AudienceRestriction><saml:Audience>" + a.audience
                        + "</saml:Audience></saml:AudienceRestriction>")
                + "</saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + a.issued + "\" SessionIndex=\"_s" + a.id + "\">"
                + "<saml:AuthnContext><saml:AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + attributes
                + "</saml:Assertion>";
        return a.signAssertion ? sign(xml) : xml;
    }

    /** The whole response XML (assertion signed and/or response signed, as asked). */
    public String responseXml(Assertion a) {
        return responseXml(a, assertionXml(a));
    }

    /** A response around any assertion XML (wrapping attacks put more than one in). */
    public String responseXml(Assertion a, String assertions) {
        String inResponseTo = a.inResponseTo == null ? "" : " InResponseTo=\"" + a.inResponseTo + "\"";
        String destination = a.destination == null ? "" : " Destination=\"" + a.destination + "\"";
        String xml = "<samlp:Response " + NS + " ID=\"" + a.responseId + "\" Version=\"2.0\" IssueInstant=\""
                + a.issued + "\"" + destination + inResponseTo + ">"
                + "<saml:Issuer>" + a.responseIssuer + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"" + a.status + "\"/></samlp:Status>"
                + assertions
                + "</samlp:Response>";
        return a.signResponse ? sign(xml) : xml;
    }

    /**
     * The response with its (signed) assertion encrypted for our SP certificate as Keycloak encrypts it
     * by default: AES-256-GCM, the key by RSA-OAEP (XML Encryption 1.1, SHA-256 digest, MGF1 with
     * SHA-256), in a {@code saml:EncryptedAssertion}; then the response signed if asked.
     */
    public String encryptedResponseXml(Assertion a, X509Certificate spCertificate) {
        boolean signResponse = a.signResponse;
        a.signResponse = false;
        String plain = responseXml(a);
        a.signResponse = signResponse;
        try {
            org.apache.xml.security.Init.init();
            Document document = Util.convertStringToDocument(plain);
            Element assertion = (Element) document.getElementsByTagNameNS(SAML, "Assertion").item(0);
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            SecretKey key = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP_11, null, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            keyCipher.init(XMLCipher.WRAP_MODE, spCertificate.getPublicKey());
            EncryptedKey encryptedKey = keyCipher.encryptKey(document, key, EncryptionConstants.MGF1_SHA256, null);
            XMLCipher dataCipher = XMLCipher.getInstance(XMLCipher.AES_256_GCM);
            dataCipher.init(XMLCipher.ENCRYPT_MODE, key);
            KeyInfo keyInfo = new KeyInfo(document);
            keyInfo.add(encryptedKey);
            dataCipher.getEncryptedData().setKeyInfo(keyInfo);
            Element wrapper = document.createElementNS(SAML, "saml:EncryptedAssertion");
            assertion.getParentNode().insertBefore(wrapper, assertion);
            wrapper.appendChild(assertion);
            dataCipher.doFinal(document, assertion, false);
            String xml = Util.convertDocumentToString(document);
            return signResponse ? sign(xml) : xml;
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs the root element (after its Issuer) with this IdP's key: RSA-SHA256, SHA-256 digest. */
    public String sign(String xml) {
        return sign(xml, keys, certificate);
    }

    public static String sign(String xml, KeyPair keys, X509Certificate certificate) {
        try {
            Document document = Util.convertStringToDocument(xml);
            return Util.addSign(document, keys.getPrivate(), certificate, Constants.RSA_SHA256, Constants.SHA256);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** The AuthnRequest of a redirect URL (deflated, base64), and whether its signature verifies with {@code spCertificate}. */
    public static Map<String, String> authnRequest(String redirectUrl, X509Certificate spCertificate) throws Exception {
        String query = redirectUrl.substring(redirectUrl.indexOf('?') + 1);
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            raw.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String signed = "SAMLRequest=" + raw.get("SAMLRequest") + (raw.containsKey("RelayState")
                ? "&RelayState=" + raw.get("RelayState") : "") + "&SigAlg=" + raw.get("SigAlg");
        boolean valid = Util.validateBinarySignature(signed, Util.base64decoder(Util.urlDecoder(raw.get("Signature"))),
                spCertificate, Util.urlDecoder(raw.get("SigAlg")));
        String xml = Util.base64decodedInflated(Util.urlDecoder(raw.get("SAMLRequest")));
        Map<String, String> result = new LinkedHashMap<>();
        result.put("xml", xml);
        result.put("signatureValid", String.valueOf(valid));
        result.put("sigAlg", Util.urlDecoder(raw.get("SigAlg")));
        Document document = Util.loadXML(xml);
        result.put("id", document.getDocumentElement().getAttribute("ID"));
        result.put("acs", document.getDocumentElement().getAttribute("AssertionConsumerServiceURL"));
        result.put("destination", document.getDocumentElement().getAttribute("Destination"));
        result.put("issuer", document.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")
                .item(0).getTextContent());
        return result;
    }

    public List<X509Certificate> certificates() {
        return List.of(certificate);
    }
}
