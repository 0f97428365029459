package dev.threshold.identity.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import java.util.ArrayList;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * java-saml's response, opened up for two things: reading more of <em>the signed assertion</em> (the
 * one its signature checks covered, found by the signature's reference, never by position) for our
 * own stricter checks after {@code isValid} passed; and checking the SAML schemas with
 * {@link SamlSchema} where java-saml would check them with its own, which knows XML Encryption 1.0
 * only (so that check is off in {@link SamlSettings}).
 */
final class CheckedResponse extends SamlResponse {

    private final Document received;

    /** {@code received}: the same response, as parsed by {@link SamlXml}. */
    CheckedResponse(Saml2Settings settings, String acsUrl, String base64, Document received) throws Exception {
        super(settings, acsUrl, base64);
        this.received = received;
    }

    NodeList signedAssertion(String path) throws XPathExpressionException {
        return queryAssertion(path);
    }

    /**
     * {@code isValid} checks the signatures' structure here and the schemas right after: ours run at
     * that very place (so a response keeps the refusal code it had), on the response as received and,
     * if its assertion was encrypted, as decrypted.
     */
    @Override
    public ArrayList<String> processSignedElements() throws XPathExpressionException, ValidationError {
        ArrayList<String> signed = super.processSignedElements();
        if (!SamlSchema.valid(received) || !SamlSchema.valid(getSAMLResponseDocument())) {
            throw new ValidationError("Invalid SAML Response. Not valid by the SAML schemas",
                    ValidationError.INVALID_XML_FORMAT);
        }
        return signed;
    }
}
