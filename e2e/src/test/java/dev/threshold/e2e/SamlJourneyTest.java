package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.threshold.testing.Browser;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (SAML 2.0) through the gateway with both regions up: an eu-central-1 org registers a SAML
 * identity provider from its metadata; an invited person starts at "More login options", the browser
 * is sent to the IdP with a signed AuthnRequest (HTTP-Redirect), the IdP posts its signed response to
 * the region's assertion consumer service (the gateway routes it by the {@code region} of the ACS
 * URL), and after the same-site hop the person is signed in (refresh cookie, {@code authMethod: sso},
 * no MFA although the org requires it). An unsolicited response is refused until the admin allows
 * IdP-initiated sign-in, then accepted; a response altered after signing is refused without a session.
 *
 * <p>The IdP is this test: its own RSA key and certificate, responses signed with java-saml's
 * {@code Util.addSign}. Its SSO URL is never contacted.
 */
@Order(10)
@DisplayName("SAML: org -> SAML provider from metadata -> signed AuthnRequest -> signed response at the ACS -> logged in")
class SamlJourneyTest {

    private static final String REGION = "eu-central-1";
    private static final String COOKIE = "threshold_refresh_" + REGION;
    private static final String NS = "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
            + "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";

    @Test
    void anInvitedPersonSignsInSpAndIdpInitiatedThroughTheGateway() throws Exception {
        Tenants.Org org = Tenants.newOrg(REGION, "saml");
        String admin = org.admin().accessToken();
        Response mfa = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me");
        assertThat(mfa.statusCode()).as(mfa.asString()).isEqualTo(200);

        Idp idp = new Idp("https://idp-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test/saml");
        Response created = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("type", "saml", "displayName", "Corporate SAML", "metadataXml", idp.metadata()))
                .post("/api/v2/orgs/me/identityproviders");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String idpId = created.jsonPath().getString("id");
        String spEntityId = created.jsonPath().getString("sp.entityId");
        String acsUrl = created.jsonPath().getString("sp.acsUrl");
        assertThat(acsUrl).isEqualTo(E2e.GATEWAY + "/api/v2/auth/sso/" + idpId + "/saml/acs?region=" + REGION);
        assertThat(created.jsonPath().getString("certificates[0].notAfter")).isNotBlank();

        // our SP metadata is public, through the gateway, by the region in its URL
        Response metadata = E2e.gateway().get(URI.create(created.jsonPath().getString("sp.metadataUrl")).toString()
                .substring(E2e.GATEWAY.length()));
        assertThat(metadata.statusCode()).as(metadata.asString()).isEqualTo(200);
        Matcher cert = Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>").matcher(metadata.asString());
        assertThat(cert.find()).as(metadata.asString()).isTrue();
        X509Certificate spCertificate = certificate(Base64.getMimeDecoder().decode(cert.group(1)));

        String email = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        Response invited = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("email", email, "name", "Alice", "roles", List.of("user"), "locale", "de"))
                .post("/api/v2/invitations");
        assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(E2e.gateway().auth().oauth2(admin)
                .queryParam("state", "INVITED").get("/api/v2/users").jsonPath().getList("entities.email")).contains(email));

        // More login options: the provider is listed, and start sends the browser to the IdP
        Response options = E2e.gateway().header("X-Region", REGION).get("/api/v2/auth/orgs/" + org.name() + "/identityproviders");
        assertThat(options.jsonPath().getList("type")).containsExactly("saml");
        String returnTo = E2e.GATEWAY + "/login/sso";
        Browser browser = new Browser();
        Browser.Page start = browser.get(URI.create(E2e.GATEWAY + "/api/v2/auth/sso/" + idpId
                + "/start?region=" + REGION + "&returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)));
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        String redirect = start.location().toString();
        assertThat(redirect).startsWith(idp.ssoUrl + "?SAMLRequest=");
        Map<String, String> request = authnRequest(redirect, spCertificate);
        assertThat(request.get("signatureValid")).isEqualTo("true");
        assertThat(request.get("acs")).isEqualTo(acsUrl);

        // the IdP's HTTP-POST to the ACS, then the same-site hop to finish
        Browser.Page acs = browser.postForm(URI.create(acsUrl),
                Map.of("SAMLResponse", encode(idp.response(spEntityId, acsUrl, request.get("id"), email))));
        assertThat(acs.status()).as(acs.body()).isEqualTo(303);
        Browser.Page landed = browser.get(acs.location());
        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        assertThat(landed.location().toString()).isEqualTo(returnTo);
        String cookie = browser.cookie(URI.create(E2e.GATEWAY).getHost(), COOKIE);
        assertThat(cookie).as("refresh cookie after SAML; Set-Cookie: %s", landed.setCookies()).isNotBlank();
        Response refreshed = E2e.gateway().header("X-Region", REGION).header("X-Requested-With", "fetch")
                .cookie(COOKIE, cookie).post("/api/v2/auth/refresh");
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        Response me = E2e.gateway().auth().oauth2(refreshed.jsonPath().getString("accessToken")).get("/api/v2/users/me");
        assertThat(me.jsonPath().getString("email")).isEqualTo(email);
        assertThat(me.jsonPath().getString("authMethod")).isEqualTo("sso");
        assertThat(me.jsonPath().getString("region")).isEqualTo(REGION);
        assertThat(me.jsonPath().getBoolean("mfa.required")).isFalse();

        // IdP-initiated: refused while the provider does not allow it, accepted once it does
        Browser other = new Browser();
        Browser.Page unsolicited = other.postForm(URI.create(acsUrl),
                Map.of("SAMLResponse", encode(idp.response(spEntityId, acsUrl, null, email))));
        assertThat(unsolicited.location().toString()).isEqualTo(E2e.GATEWAY + "/login/sso?region=" + REGION + "&error=saml_unsolicited");
        Response allowed = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("allowIdpInitiated", true)).patch("/api/v2/orgs/me/identityproviders/" + idpId);
        assertThat(allowed.statusCode()).as(allowed.asString()).isEqualTo(200);
        Browser.Page idpInitiated = other.postForm(URI.create(acsUrl),
                Map.of("SAMLResponse", encode(idp.response(spEntityId, acsUrl, null, email))));
        Browser.Page in = other.get(idpInitiated.location());
        assertThat(in.location().toString()).isEqualTo(E2e.GATEWAY + "/login/sso?region=" + REGION);
        assertThat(other.cookie(URI.create(E2e.GATEWAY).getHost(), COOKIE)).isNotBlank();

        // altered after signing: refused, no session
        Browser third = new Browser();
        String tampered = idp.response(spEntityId, acsUrl, null, email).replace(">" + email + "<", ">eve@acme.test<");
        Browser.Page refused = third.postForm(URI.create(acsUrl), Map.of("SAMLResponse", encode(tampered)));
        assertThat(refused.location().toString()).isEqualTo(E2e.GATEWAY + "/login/sso?region=" + REGION + "&error=saml_signature_invalid");
        assertThat(third.cookie(URI.create(E2e.GATEWAY).getHost(), COOKIE)).isNull();
    }

    /**
     * The test's identity provider: a key, a self-signed certificate, metadata, signed responses. The
     * key and certificate are fixed test material ({@code src/test/resources/saml-idp}, made once with
     * {@code openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 36500 -subj "/CN=Threshold e2e SAML IdP"}),
     * so the suite makes no certificates itself: identity-service's {@code Certificates} is the one
     * certificate builder of the project.
     */
    static final class Idp {
        final String entityId;
        final String ssoUrl;
        final KeyPair keys;
        final X509Certificate certificate;

        Idp(String entityId) throws Exception {
            this.entityId = entityId;
            this.ssoUrl = entityId.replaceFirst("/saml$", "/sso");
            this.certificate = certificate(pem("saml-idp/idp-cert.pem"));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem("saml-idp/idp-key.pem")));
            this.keys = new KeyPair(certificate.getPublicKey(), key);
        }

        String metadata() throws Exception {
            return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                    + "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                    + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                    + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                    + Base64.getEncoder().encodeToString(certificate.getEncoded())
                    + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                    + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                    + ssoUrl + "\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
        }

        /** A response with a signed assertion (RSA-SHA256) for {@code email}, in response to {@code inResponseTo} or unsolicited. */
        String response(String audience, String acsUrl, String inResponseTo, String email) throws Exception {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant until = now.plus(Duration.ofMinutes(5));
            String irt = inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"";
            String assertion = "<saml:Assertion " + NS + " ID=\"_a" + UUID.randomUUID().toString().replace("-", "")
                    + "\" Version=\"2.0\" IssueInstant=\"" + now + "\"><saml:Issuer>" + entityId + "</saml:Issuer>"
                    + "<saml:Subject><saml:NameID Format=\"" + Constants.NAMEID_EMAIL_ADDRESS + "\">" + email
                    + "</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                    + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + until + "\" Recipient=\"" + acsUrl.replace("&", "&amp;")
                    + "\"" + irt + "/></saml:SubjectConfirmation></saml:Subject>"
                    + "<saml:Conditions NotBefore=\"" + now.minusSeconds(5) + "\" NotOnOrAfter=\"" + until + "\">"
                    + "<saml:AudienceRestriction><saml:Audience>" + audience.replace("&", "&amp;")
                    + "</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
                    + "<saml:AuthnStatement AuthnInstant=\"" + now + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                    + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                    + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement></saml:Assertion>";
            String signed = Util.addSign(Util.convertStringToDocument(assertion), keys.getPrivate(), certificate,
                    Constants.RSA_SHA256, Constants.SHA256);
            return "<samlp:Response " + NS + " ID=\"_r" + UUID.randomUUID().toString().replace("-", "")
                    + "\" Version=\"2.0\" IssueInstant=\"" + now + "\" Destination=\"" + acsUrl.replace("&", "&amp;") + "\""
                    + irt + "><saml:Issuer>" + entityId + "</saml:Issuer><samlp:Status><samlp:StatusCode "
                    + "Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>" + signed + "</samlp:Response>";
        }
    }

    static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The AuthnRequest of the redirect, and whether its signature verifies with our SP certificate. */
    static Map<String, String> authnRequest(String redirectUrl, X509Certificate spCertificate) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : redirectUrl.substring(redirectUrl.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            raw.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String signed = "SAMLRequest=" + raw.get("SAMLRequest") + "&SigAlg=" + raw.get("SigAlg");
        Map<String, String> result = new LinkedHashMap<>();
        result.put("signatureValid", String.valueOf(Util.validateBinarySignature(signed,
                Util.base64decoder(Util.urlDecoder(raw.get("Signature"))), spCertificate, Util.urlDecoder(raw.get("SigAlg")))));
        var document = Util.loadXML(Util.base64decodedInflated(Util.urlDecoder(raw.get("SAMLRequest"))));
        result.put("id", document.getDocumentElement().getAttribute("ID"));
        result.put("acs", document.getDocumentElement().getAttribute("AssertionConsumerServiceURL"));
        return result;
    }

    static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** The DER bytes of a PEM test resource (one block). */
    static byte[] pem(String resource) throws Exception {
        try (var in = SamlJourneyTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        }
    }
}
