package dev.threshold.identity.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The schema check of responses: the SAML protocol schema as java-saml has it, plus XML Encryption
 * 1.1, so that an encrypted assertion as Keycloak sends it (RSA-OAEP with an {@code xenc11:MGF}) passes,
 * while a response that breaks the schema, or an unknown element where the schema wants a known one,
 * still does not. Runs on the build's Java 17 without the network (W3C's schema DTD is never fetched).
 */
class SamlSchemaTest {

    private static final String NS = "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
            + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";

    private static Document parse(String xml) throws Exception {
        return SamlXml.parse(xml);
    }

    private static String response(String status, String assertion) {
        return "<samlp:Response " + NS + " ID=\"_r1\" Version=\"2.0\" IssueInstant=\"2026-12-06T12:00:00Z\""
                + " Destination=\"https://sp.example.test/acs\">"
                + "<saml:Issuer>https://idp.example.test</saml:Issuer>"
                + status + assertion + "</samlp:Response>";
    }

    private static final String SUCCESS = "<samlp:Status><samlp:StatusCode "
            + "Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>";

    /** An encrypted assertion shaped as Keycloak 26 sends it; {@code mgf} goes into the key's EncryptionMethod. */
    private static String encrypted(String mgf) {
        return "<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\""
                + " Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
                + "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>"
                + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey>"
                + "<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#rsa-oaep\">"
                + "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>" + mgf
                + "</xenc:EncryptionMethod><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>"
                + "</xenc:EncryptedKey></ds:KeyInfo>"
                + "<xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>"
                + "</xenc:EncryptedData></saml:EncryptedAssertion>";
    }

    @Test
    void anEncryptedAssertionWithXmlEncryption11IsValid() throws Exception {
        String mgf = "<xenc11:MGF xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\""
                + " Algorithm=\"http://www.w3.org/2009/xmlenc11#mgf1sha256\"/>";
        assertThat(SamlSchema.valid(parse(response(SUCCESS, encrypted(mgf))))).isTrue();
        assertThat(SamlSchema.valid(parse(response(SUCCESS, encrypted(""))))).isTrue();
    }

    @Test
    void anUnknownElementWhereTheSchemaIsStrictIsNot() throws Exception {
        String unknown = "<x:Whatever xmlns:x=\"urn:example:unknown\"/>";
        assertThat(SamlSchema.valid(parse(response(SUCCESS, encrypted(unknown))))).isFalse();
        // an MGF without its required Algorithm
        String bare = "<xenc11:MGF xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\"/>";
        assertThat(SamlSchema.valid(parse(response(SUCCESS, encrypted(bare))))).isFalse();
    }

    @Test
    void aResponseThatBreaksTheProtocolSchemaIsNot() throws Exception {
        // no Status (required), and elements out of their order
        assertThat(SamlSchema.valid(parse(response("", "")))).isFalse();
        assertThat(SamlSchema.valid(parse("<samlp:Response " + NS + " ID=\"_r1\" Version=\"2.0\""
                + " IssueInstant=\"2026-12-06T12:00:00Z\">" + SUCCESS
                + "<saml:Issuer>https://idp.example.test</saml:Issuer></samlp:Response>"))).isFalse();
        assertThat(SamlSchema.valid(parse(response(SUCCESS, "")))).isTrue();
    }
}
