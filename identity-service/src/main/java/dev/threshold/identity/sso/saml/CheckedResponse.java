package dev.threshold.identity.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.settings.Saml2Settings;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.NodeList;

/**
 * java-saml's response, opened up for one thing: reading more of <em>the signed assertion</em> (the
 * one its signature checks covered, found by the signature's reference, never by position) for our
 * own stricter checks after {@code isValid} passed.
 */
final class CheckedResponse extends SamlResponse {

    CheckedResponse(Saml2Settings settings, String acsUrl, String base64) throws Exception {
        super(settings, acsUrl, base64);
    }

    NodeList signedAssertion(String path) throws XPathExpressionException {
        return queryAssertion(path);
    }
}
