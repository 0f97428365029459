package dev.threshold.identity.sso;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.onelogin.saml2.util.Constants;
import dev.threshold.identity.sso.saml.Certificates;
import dev.threshold.identity.sso.saml.SamlCleanup;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.SamlTestIdp;
import dev.threshold.identity.support.Tokens;
import dev.threshold.testing.Browser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SAML 2.0 sign-in end to end against an IdP inside the test ({@link SamlTestIdp}: its own key and
 * certificate, responses signed with java-saml's {@code Util.addSign}): start -> signed AuthnRequest
 * by HTTP-Redirect -> signed response posted to the ACS -> same-site hop -> session; IdP-initiated
 * sign-in allowed or refused by the provider's flag; and every refusal (each with its code, and no
 * session): unsigned, tampered after signing, signature wrapping, another key, SHA-1, wrong
 * audience/destination/recipient/issuer, expired and not yet valid (10 s of skew), an InResponseTo
 * not ours, a replayed assertion, a DOCTYPE/XXE payload, and a finish step in another browser.
 */
@QuarkusTest
class SamlSsoTest {

    @Inject
    SamlCleanup cleanup;

    private static final String RETURN_TO = "http://localhost:8080/login/sso";
    /** IdP-initiated sign-ins land here: the web app's SSO page, told the region (the browser may be new to it). */
    private static final String LANDING = "http://localhost:8080/login/sso?region=us-east-1";
    private static final String REFRESH_COOKIE = "threshold_refresh_us-east-1";
    private static final String BINDING_COOKIE = "threshold_saml_us-east-1";

    private static String app() {
        return "http://localhost:" + RestAssured.port;
    }

    /** A provider of a fresh org, registered from the test IdP's metadata. */
    private record Setup(Accounts.Org org, SamlTestIdp idp, UUID id, String spEntityId, String acsUrl) {
    }

    private static Setup setup(String prefix, Map<String, Object> extra) {
        Accounts.Org org = Accounts.newOrg(prefix);
        SamlTestIdp idp = new SamlTestIdp();
        Map<String, Object> body = new HashMap<>(Map.of("type", "saml", "displayName", "Test SAML IdP",
                "metadataXml", idp.metadata()));
        body.putAll(extra);
        JsonPath created = given().auth().oauth2(Tokens.admin(org.id().toString())).contentType(ContentType.JSON)
                .body(body).post("/api/v2/orgs/me/identityproviders").then().statusCode(201).extract().jsonPath();
        return new Setup(org, idp, UUID.fromString(created.getString("id")), created.getString("sp.entityId"),
                created.getString("sp.acsUrl"));
    }

    // ---- the journey ----

    @Test
    void anInvitedUserSignsInSpInitiatedAndGetsASessionWithoutMfa() throws Exception {
        Setup s = setup("saml-happy", Map.of());
        Accounts.settings(s.org(), Map.of("mfaRequired", true));
        UUID userId = Accounts.invited(s.org(), "alice@acme.test");
        Browser browser = new Browser();

        Browser.Page start = browser.get(app() + "/api/v2/auth/sso/" + s.id() + "/start?region=us-east-1&returnTo="
                + enc(RETURN_TO + "?tab=1"));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location().toString()).startsWith(s.idp().ssoUrl + "?SAMLRequest=");
        assertThat(start.setCookie(BINDING_COOKIE)).contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/api/v2/auth/sso");
        Map<String, String> request = SamlTestIdp.authnRequest(start.location().toString(), spCertificate(s));
        assertThat(request.get("signatureValid")).isEqualTo("true");
        assertThat(request.get("sigAlg")).isEqualTo(Constants.RSA_SHA256);
        assertThat(request.get("acs")).isEqualTo(s.acsUrl()).endsWith("/saml/acs?region=us-east-1");
        assertThat(request.get("destination")).isEqualTo(s.idp().ssoUrl);
        assertThat(request.get("issuer")).isEqualTo(s.spEntityId());
        assertThat(browser.cookie("localhost", BINDING_COOKIE)).isEqualTo(request.get("id"));

        SamlTestIdp.Assertion assertion = s.idp().assertion(s.spEntityId(), s.acsUrl(), request.get("id"));
        Browser.Page acs = post(browser, s, s.idp().responseXml(assertion), null);
        assertThat(acs.status()).isEqualTo(303);
        assertThat(acs.setCookie(REFRESH_COOKIE)).isNull();
        assertThat(acs.location().toString()).startsWith(app() + "/api/v2/auth/sso/" + s.id()
                + "/saml/finish?region=us-east-1&code=");
        Browser.Page done = browser.get(acs.location());

        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?tab=1");
        assertThat(done.setCookie(REFRESH_COOKIE)).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(browser.cookies("localhost").keySet()).doesNotContain(BINDING_COOKIE);
        String accessToken = given().header("Cookie", REFRESH_COOKIE + "=" + browser.cookie("localhost", REFRESH_COOKIE))
                .header("X-Requested-With", "fetch").post("/api/v2/auth/refresh")
                .then().statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("user.authMethod", equalTo("sso")).extract().path("accessToken");
        given().auth().oauth2(accessToken).get("/api/v2/users/me").then().statusCode(200)
                .body("email", equalTo("alice@acme.test")).body("mfa.required", equalTo(false));
        given().auth().oauth2(Tokens.admin(s.org().id().toString())).get("/api/v2/users/" + userId).then()
                .statusCode(200).body("state", equalTo("ACTIVE"));

        // the code is good once
        Browser.Page again = browser.get(acs.location());
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("\"code\":\"sso_flow_invalid\"");
    }

    @Test
    void theSpMetadataNamesOurEntityIdRegionalAcsAndSigningCertificate() {
        Setup s = setup("saml-metadata", Map.of());
        JsonPath view = given().auth().oauth2(Tokens.admin(s.org().id().toString()))
                .get("/api/v2/orgs/me/identityproviders/" + s.id()).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("type")).isEqualTo("saml");
        assertThat(view.getString("issuer")).isEqualTo(s.idp().entityId);
        assertThat(view.getString("entityId")).isEqualTo(s.idp().entityId);
        assertThat(view.getString("ssoUrl")).isEqualTo(s.idp().ssoUrl);
        assertThat(view.getBoolean("allowIdpInitiated")).isFalse();
        assertThat(view.getString("certificates[0].notAfter")).isEqualTo(
                s.idp().certificate.getNotAfter().toInstant().toString());
        assertThat(view.getString("certificateWarning")).isNull();
        assertThat(view.getString("clientSecret")).isNull();
        assertThat(view.getString("sp.metadataUrl")).isEqualTo(app() + "/api/v2/auth/sso/" + s.id()
                + "/saml/metadata?region=us-east-1");

        String xml = given().get("/api/v2/auth/sso/" + s.id() + "/saml/metadata?region=us-east-1").then()
                .statusCode(200).contentType("application/samlmetadata+xml").extract().asString();
        assertThat(xml).contains("entityID=\"" + s.spEntityId().replace("&", "&amp;") + "\"")
                .contains("AuthnRequestsSigned=\"true\"")
                .contains("Location=\"" + s.acsUrl() + "\"")
                .contains("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
                .contains(Certificates.base64(spCertificate(s)).substring(0, 60))
                .doesNotContain("PRIVATE");
        given().get("/api/v2/auth/sso/" + UUID.randomUUID() + "/saml/metadata").then().statusCode(404)
                .body("code", equalTo("identity_provider_not_found"));
    }

    @Test
    void idpInitiatedSignInNeedsTheProvidersConsent() {
        Setup s = setup("saml-idp-init", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");

        Browser.Page refused = post(new Browser(), s, s.idp().responseXml(s.idp().assertion(s.spEntityId(), s.acsUrl(),
                null)), null);
        assertRefused(refused, LANDING, "saml_unsolicited");

        given().auth().oauth2(Tokens.admin(s.org().id().toString())).contentType(ContentType.JSON)
                .body(Map.of("allowIdpInitiated", true)).patch("/api/v2/orgs/me/identityproviders/" + s.id())
                .then().statusCode(200).body("allowIdpInitiated", equalTo(true));
        Browser browser = new Browser();
        Browser.Page acs = post(browser, s, s.idp().responseXml(s.idp().assertion(s.spEntityId(), s.acsUrl(), null)),
                "https://evil.example/steal");
        Browser.Page done = browser.get(acs.location());
        // an unsolicited response lands on the first allowed origin (a RelayState elsewhere is ignored)
        assertThat(done.location().toString()).isEqualTo(LANDING);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();

        // with a RelayState of an allowed origin, there
        Browser other = new Browser();
        Browser.Page relayed = other.get(post(other, s, s.idp().responseXml(s.idp().assertion(s.spEntityId(),
                s.acsUrl(), null)), "https://spa.example.test/welcome").location());
        assertThat(relayed.location().toString()).isEqualTo("https://spa.example.test/welcome");
    }

    @Test
    void provisionsJustInTimeFromATrustedEmailAttributeWithTheJitRoles() {
        Setup s = setup("saml-jit", Map.of("jitProvisioning", true, "emailClaim", "mail", "trustEmail", true,
                "allowedDomains", List.of("acme.test"), "jitRoles", List.of("user", "admin")));
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.nameIdFormat = Constants.NAMEID_TRANSIENT;
        assertion.nameId = "_transient-" + UUID.randomUUID();
        assertion.attributes = Map.of("mail", "Carol@Acme.test", "givenName", "Carol", "sn", "Acme");

        Browser.Page done = browser.get(post(browser, s, s.idp().responseXml(assertion), null).location());

        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        given().auth().oauth2(Tokens.admin(s.org().id().toString())).queryParam("state", "ACTIVE").get("/api/v2/users")
                .then().statusCode(200).body("entities.email", equalTo(List.of("carol@acme.test")))
                .body("entities[0].name", equalTo("Carol Acme"))
                .body("entities[0].roles", containsInAnyOrder("user", "admin"));
    }

    @Test
    void anAttributeAddressIsNotVerifiedWithoutTrustEmail() {
        // trustEmail rule (docs/sso.md): only an emailAddress NameID counts as verified by itself
        Setup s = setup("saml-untrusted", Map.of("jitProvisioning", true, "emailClaim", "mail"));
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.nameIdFormat = Constants.NAMEID_PERSISTENT;
        assertion.nameId = "opaque-" + UUID.randomUUID();
        assertion.attributes = Map.of("mail", "dave@acme.test");
        assertRefused(post(browser, s, s.idp().responseXml(assertion), null), RETURN_TO, "sso_email_not_verified");

        // the default emailClaim falls back to the mail attribute, but that is not verified either
        Setup d = setup("saml-untrusted-default", Map.of("jitProvisioning", true));
        Browser second = new Browser();
        SamlTestIdp.Assertion fallback = spInitiated(second, d);
        fallback.nameIdFormat = Constants.NAMEID_PERSISTENT;
        fallback.nameId = "opaque-" + UUID.randomUUID();
        fallback.attributes = Map.of("mail", "dave@acme.test");
        assertRefused(post(second, d, d.idp().responseXml(fallback), null), RETURN_TO, "sso_email_not_verified");

        // the same attribute address that is also the emailAddress NameID: verified
        Browser third = new Browser();
        SamlTestIdp.Assertion same = spInitiated(third, s);
        same.nameId = "Dave@acme.test";
        same.attributes = Map.of("mail", "dave@acme.test");
        Browser.Page done = third.get(post(third, s, s.idp().responseXml(same), null).location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
    }

    @Test
    void refusesAnAddressOutsideTheAllowedDomainsAndReadsTheNameClaim() {
        Setup s = setup("saml-domains", Map.of("jitProvisioning", true, "allowedDomains", List.of("acme.test"),
                "nameClaim", "urn:oid:2.5.4.3"));
        Browser browser = new Browser();
        SamlTestIdp.Assertion outside = spInitiated(browser, s);
        outside.nameId = "eve@evil.test";
        assertRefused(post(browser, s, s.idp().responseXml(outside), null), RETURN_TO, "sso_domain_not_allowed");

        Browser second = new Browser();
        SamlTestIdp.Assertion inside = spInitiated(second, s);
        inside.nameId = "erin@ACME.test";
        inside.attributes = Map.of("displayName", "Not This One", "urn:oid:2.5.4.3", "Erin Acme");
        Browser.Page done = second.get(post(second, s, s.idp().responseXml(inside), null).location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        given().auth().oauth2(Tokens.admin(s.org().id().toString())).queryParam("state", "ACTIVE").get("/api/v2/users")
                .then().statusCode(200).body("entities.email", equalTo(List.of("erin@acme.test")))
                .body("entities[0].name", equalTo("Erin Acme")).body("entities[0].roles", equalTo(List.of("user")));
    }

    @Test
    void acceptsRepeatedAttributeNamesAsKeycloakSendsItsRoles() {
        // Keycloak's default SAML client: one Role attribute per role, typed values, NameFormat basic
        Setup s = setup("saml-roles", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        StringBuilder roles = new StringBuilder();
        for (String role : List.of("view-profile", "offline_access", "uma_authorization")) {
            roles.append("<saml:Attribute Name=\"Role\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:basic\">")
                    .append("<saml:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"")
                    .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">")
                    .append(role).append("</saml:AttributeValue></saml:Attribute>");
        }
        assertion.moreAttributes = roles.toString();
        Browser.Page acs = post(browser, s, s.idp().responseXml(assertion), null);
        assertThat(acs.location().toString()).as("accepted, on to finish").contains("/saml/finish?");
        Browser.Page done = browser.get(acs.location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();

        // a repeated address attribute is one attribute with several values: its first one counts, as for a
        // multi-valued attribute
        Setup jit = setup("saml-repeated-mail", Map.of("jitProvisioning", true, "emailClaim", "mail",
                "trustEmail", true, "allowedDomains", List.of("acme.test")));
        Browser second = new Browser();
        SamlTestIdp.Assertion repeated = spInitiated(second, jit);
        repeated.nameIdFormat = Constants.NAMEID_PERSISTENT;
        repeated.nameId = "opaque-" + UUID.randomUUID();
        repeated.attributes = Map.of("mail", "frank@acme.test");
        repeated.moreAttributes = "<saml:Attribute Name=\"mail\"><saml:AttributeValue>other@acme.test</saml:AttributeValue>"
                + "</saml:Attribute>";
        Browser.Page accepted = post(second, jit, jit.idp().responseXml(repeated), null);
        assertThat(accepted.location().toString()).as("accepted, on to finish").contains("/saml/finish?");
        Browser.Page in = second.get(accepted.location());
        assertThat(in.location().toString()).isEqualTo(RETURN_TO);
        given().auth().oauth2(Tokens.admin(jit.org().id().toString())).queryParam("state", "ACTIVE").get("/api/v2/users")
                .then().statusCode(200).body("entities.email", equalTo(List.of("frank@acme.test")));
    }

    @Test
    void acceptsAnAssertionEncryptedAsKeycloakEncryptsIt() {
        // Keycloak's defaults once our metadata's encryption certificate is imported: AES-256-GCM, RSA-OAEP
        // with an xenc11:MGF element (which XML Encryption 1.0's schema alone refused), response and assertion signed
        Setup s = setup("saml-encrypted", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.signResponse = true;
        String encrypted = s.idp().encryptedResponseXml(assertion, spCertificate(s));
        assertThat(encrypted).contains("<saml:EncryptedAssertion").contains("xmlenc11#mgf1sha256")
                .contains("xmlenc11#aes256-gcm").doesNotContain("alice@acme.test");

        Browser.Page acs = post(browser, s, encrypted, null);
        assertThat(acs.location().toString()).as("accepted, on to finish").contains("/saml/finish?");
        Browser.Page done = browser.get(acs.location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();
    }

    @Test
    void refusesAnUnknownPersonWithTheSameRulesAsOpenIdConnect() {
        Setup s = setup("saml-unknown", Map.of());
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.nameId = "nobody@acme.test";
        Browser.Page done = browser.get(post(browser, s, s.idp().responseXml(assertion), null).location());
        assertRefused(done, RETURN_TO, "sso_user_not_found");

        Browser second = new Browser();
        SamlTestIdp.Assertion noEmail = spInitiated(second, s);
        noEmail.nameIdFormat = Constants.NAMEID_PERSISTENT;
        noEmail.nameId = "opaque-id-1";
        noEmail.attributes = Map.of();
        assertRefused(post(second, s, s.idp().responseXml(noEmail), null), RETURN_TO, "sso_email_missing");
    }

    @Test
    void verifiesWithAnyOfUpToFourCertificatesForRollover() {
        // the IdP's current certificate last of four (the most a provider holds): its responses verify
        Setup s = setup("saml-rollover", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        List<String> four = List.of(new SamlTestIdp(s.idp().entityId, Duration.ofDays(30)).certificateBase64(),
                new SamlTestIdp(s.idp().entityId, Duration.ofDays(60)).certificateBase64(),
                new SamlTestIdp(s.idp().entityId, Duration.ofDays(90)).certificateBase64(), s.idp().certificateBase64());
        given().auth().oauth2(Tokens.admin(s.org().id().toString())).contentType(ContentType.JSON)
                .body(Map.of("certificates", four)).patch("/api/v2/orgs/me/identityproviders/" + s.id())
                .then().statusCode(200).body("certificates.size()", equalTo(4));
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        Browser.Page done = browser.get(post(browser, s, s.idp().responseXml(assertion), null).location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();

        // without it, the same IdP's next response is refused
        given().auth().oauth2(Tokens.admin(s.org().id().toString())).contentType(ContentType.JSON)
                .body(Map.of("certificates", four.subList(0, 3))).patch("/api/v2/orgs/me/identityproviders/" + s.id())
                .then().statusCode(200).body("certificates.size()", equalTo(3));
        Browser second = new Browser();
        assertRefused(post(second, s, s.idp().responseXml(spInitiated(second, s)), null), RETURN_TO,
                "saml_signature_invalid");
    }

    @Test
    void anSsoOnlyOrganizationKeepsItsSamlProviderAndSignsInThroughIt() {
        // the SSO-only rules of OpenID Connect (SsoTest) hold for a SAML provider: it counts as the org's
        // provider, the last one stays, passwords are refused and SAML signs the same person in, without MFA
        Setup s = setup("saml-sso-only", Map.of());
        Accounts.Person person = Accounts.person(s.org(), "dora-" + UUID.randomUUID() + "@acme.test", Accounts.PASSWORD,
                List.of("user"));
        Accounts.settings(s.org(), Map.of("mfaRequired", true));
        String admin = Tokens.admin(s.org().id().toString());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("settings", Map.of("ssoOnly", true)))
                .patch("/api/v2/orgs/me").then().statusCode(200).body("settings.ssoOnly", equalTo(true));
        given().auth().oauth2(admin).delete("/api/v2/orgs/me/identityproviders/" + s.id()).then().statusCode(409)
                .body("code", equalTo("sso_requires_identity_provider"));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(403)
                .body("code", equalTo("sso_required"));

        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.nameId = person.email().toUpperCase(Locale.ROOT);
        Browser.Page done = browser.get(post(browser, s, s.idp().responseXml(assertion), null).location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        String accessToken = given().header("Cookie", REFRESH_COOKIE + "=" + browser.cookie("localhost", REFRESH_COOKIE))
                .header("X-Requested-With", "fetch").post("/api/v2/auth/refresh")
                .then().statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("user.authMethod", equalTo("sso")).extract().path("accessToken");
        given().auth().oauth2(accessToken).get("/api/v2/users/me").then().statusCode(200)
                .body("id", equalTo(person.userId().toString())).body("mfa.required", equalTo(false));
    }

    // ---- refusals ----

    @Test
    void refusesAnUnsignedResponse() {
        refused("saml-unsigned", a -> a.signAssertion = false, "saml_unsigned");
    }

    @Test
    void refusesAResponseAlteredAfterSigning() {
        Setup s = setup("saml-tamper", Map.of());
        Accounts.invited(s.org(), "mallory@acme.test");
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        String signed = s.idp().responseXml(assertion);
        assertThat(signed).contains(">alice@acme.test<");
        assertRefused(post(browser, s, signed.replace(">alice@acme.test<", ">mallory@acme.test<"), null), RETURN_TO,
                "saml_signature_invalid");

        // the whole response signed, then changed outside the assertion: refused as well
        Browser other = new Browser();
        SamlTestIdp.Assertion both = spInitiated(other, s);
        both.signResponse = true;
        String signedResponse = s.idp().responseXml(both);
        String instant = "IssueInstant=\"" + both.issued + "\"";
        int at = signedResponse.indexOf(instant);
        String changed = signedResponse.substring(0, at) + "IssueInstant=\"" + both.issued.plusSeconds(1) + "\""
                + signedResponse.substring(at + instant.length());
        assertRefused(post(other, s, changed, null), RETURN_TO, "saml_signature_invalid");
    }

    @Test
    void refusesSignatureWrappingWithASecondUnsignedAssertion() {
        Setup s = setup("saml-wrap", Map.of());
        Accounts.invited(s.org(), "mallory@acme.test");
        for (boolean evilFirst : new boolean[] {true, false}) {
            Browser browser = new Browser();
            SamlTestIdp.Assertion genuine = spInitiated(browser, s);
            String signed = s.idp().assertionXml(genuine);
            SamlTestIdp.Assertion evil = s.idp().assertion(s.spEntityId(), s.acsUrl(), genuine.inResponseTo);
            evil.nameId = "mallory@acme.test";
            evil.signAssertion = false;
            String unsigned = s.idp().assertionXml(evil);
            String both = evilFirst ? unsigned + signed : signed + unsigned;
            assertRefused(post(browser, s, s.idp().responseXml(genuine, both), null), RETURN_TO, "saml_signature_invalid");
        }
        // the signed assertion hidden inside the evil one (its ID referenced from elsewhere)
        Browser browser = new Browser();
        SamlTestIdp.Assertion genuine = spInitiated(browser, s);
        String signed = s.idp().assertionXml(genuine);
        SamlTestIdp.Assertion evil = s.idp().assertion(s.spEntityId(), s.acsUrl(), genuine.inResponseTo);
        evil.nameId = "mallory@acme.test";
        evil.signAssertion = false;
        String hidden = s.idp().assertionXml(evil).replace("</saml:Assertion>",
                "<saml:Advice>" + signed + "</saml:Advice></saml:Assertion>");
        assertRefused(post(browser, s, s.idp().responseXml(genuine, hidden), null), RETURN_TO, "saml_signature_invalid");
    }

    @Test
    void refusesASignatureOfAnotherKeyAndSha1() throws Exception {
        Setup s = setup("saml-otherkey", Map.of());
        SamlTestIdp attacker = new SamlTestIdp(s.idp().entityId, Duration.ofDays(30));
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertRefused(post(browser, s, attacker.responseXml(assertion), null), RETURN_TO, "saml_signature_invalid");

        Browser second = new Browser();
        SamlTestIdp.Assertion sha1 = spInitiated(second, s);
        sha1.signAssertion = false;
        String assertionXml = s.idp().assertionXml(sha1);
        String signedSha1 = com.onelogin.saml2.util.Util.addSign(com.onelogin.saml2.util.Util.convertStringToDocument(
                assertionXml), s.idp().keys.getPrivate(), s.idp().certificate, Constants.RSA_SHA1, Constants.SHA1);
        assertRefused(post(second, s, s.idp().responseXml(sha1, signedSha1), null), RETURN_TO, "saml_signature_invalid");
    }

    @Test
    void refusesAWrongOrMissingAudience() {
        refused("saml-audience", a -> a.audience = "https://another-sp.example.test/metadata", "saml_audience_invalid");
        refused("saml-no-audience", a -> a.audience = null, "saml_audience_invalid");
    }

    @Test
    void refusesAWrongDestinationRecipientOrIssuer() {
        refused("saml-destination", a -> a.destination = app() + "/api/v2/auth/sso/" + UUID.randomUUID()
                + "/saml/acs?region=us-east-1", "saml_destination_invalid");
        refused("saml-region", a -> a.destination = a.destination.replace("region=us-east-1", "region=eu-central-1"),
                "saml_destination_invalid");
        refused("saml-recipient", a -> a.recipient = "https://evil.example.test/acs", "saml_recipient_invalid");
        refused("saml-issuer", a -> {
            a.issuer = "https://other-idp.example.test/saml";
            a.responseIssuer = a.issuer;
        }, "saml_issuer_invalid");
    }

    @Test
    void refusesExpiredAndNotYetValidAssertionsWithTenSecondsOfSkew() {
        refused("saml-expired", a -> {
            a.issued = a.issued.minus(Duration.ofHours(2));
            a.notBefore = a.issued;
            a.notOnOrAfter = a.issued.plus(Duration.ofMinutes(5));
        }, "saml_expired");
        // 30 s late: java-saml alone would allow it (3 minutes of drift), we do not
        refused("saml-late", a -> a.notOnOrAfter = Instant.now().minusSeconds(30), "saml_expired");
        refused("saml-early", a -> a.notBefore = Instant.now().plusSeconds(60), "saml_not_yet_valid");
        // within the 10 s of skew: accepted
        Setup s = setup("saml-skew", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        assertion.notBefore = Instant.now().plusSeconds(4);
        Browser.Page done = browser.get(post(browser, s, s.idp().responseXml(assertion), null).location());
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();
    }

    @Test
    void refusesAnInResponseToThatIsNotOursOrUsed() {
        Setup s = setup("saml-irt", Map.of("allowIdpInitiated", true));
        Accounts.invited(s.org(), "alice@acme.test");
        assertRefused(post(new Browser(), s, s.idp().responseXml(s.idp().assertion(s.spEntityId(), s.acsUrl(),
                "_not-ours-" + UUID.randomUUID())), null), LANDING, "saml_in_response_to_invalid");

        // a request of another provider
        Setup other = setup("saml-irt-other", Map.of());
        Browser browser = new Browser();
        String otherRequest = startAt(browser, other).get("id");
        assertRefused(post(browser, s, s.idp().responseXml(s.idp().assertion(s.spEntityId(), s.acsUrl(), otherRequest)),
                null), LANDING, "saml_in_response_to_invalid");

        // ours, but used already
        Browser first = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(first, s);
        assertThat(first.get(post(first, s, s.idp().responseXml(assertion), null).location()).setCookie(REFRESH_COOKIE))
                .isNotNull();
        SamlTestIdp.Assertion second = s.idp().assertion(s.spEntityId(), s.acsUrl(), assertion.inResponseTo);
        assertRefused(post(first, s, s.idp().responseXml(second), null), LANDING, "saml_in_response_to_invalid");
    }

    @Test
    void refusesAReplayedAssertion() {
        Setup s = setup("saml-replay", Map.of("allowIdpInitiated", true));
        Accounts.invited(s.org(), "alice@acme.test");
        SamlTestIdp.Assertion assertion = s.idp().assertion(s.spEntityId(), s.acsUrl(), null);
        String response = s.idp().responseXml(assertion);
        Browser browser = new Browser();
        assertThat(browser.get(post(browser, s, response, null).location()).setCookie(REFRESH_COOKIE)).isNotNull();

        assertRefused(post(new Browser(), s, response, null), LANDING, "saml_replayed");
        assertThat(Accounts.query("select count(*) from saml_assertion where idp_id = ?", s.id())).isEqualTo("1");
        // kept until the assertion expires (its NotOnOrAfter + the 10 s of skew): the clean-up leaves it until then
        cleanup.run().await().atMost(Duration.ofSeconds(30));
        assertThat(Accounts.query("select count(*) from saml_assertion where idp_id = ?", s.id())).isEqualTo("1");
        assertThat(Accounts.query("select extract(epoch from expires_at)::bigint from saml_assertion where idp_id = ?",
                s.id())).isEqualTo(String.valueOf(assertion.notOnOrAfter.plusSeconds(10).getEpochSecond()));
        assertRefused(post(new Browser(), s, response, null), LANDING, "saml_replayed");
    }

    @Test
    void refusesDoctypeAndEntityPayloads() {
        Setup s = setup("saml-xxe", Map.of());
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        String signed = s.idp().responseXml(assertion);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + signed.replace(">alice@acme.test<", ">&xxe;<");
        assertRefused(post(browser, s, xxe, null), LANDING, "saml_dtd_forbidden");
        String bomb = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>" + signed;
        assertRefused(post(browser, s, bomb, null), LANDING, "saml_dtd_forbidden");
        assertRefused(post(browser, s, "not xml at all", null), LANDING, "saml_response_invalid");
        Browser.Page garbage = browser.postForm(URI.create(s.acsUrl()), Map.of("SAMLResponse", "%%%not-base64"));
        assertRefused(garbage, LANDING, "saml_response_invalid");
    }

    @Test
    void theFinishStepBelongsToTheBrowserThatStarted() {
        Setup s = setup("saml-binding", Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        Browser victim = new Browser();
        Browser attacker = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(attacker, s);
        // the attacker's valid response, posted by (or finished in) another browser: no session there
        Browser.Page acs = post(attacker, s, s.idp().responseXml(assertion), null);
        Browser.Page done = victim.get(acs.location());
        assertRefused(done, RETURN_TO, "sso_flow_invalid");
    }

    // ---- helpers ----

    private void refused(String prefix, Consumer<SamlTestIdp.Assertion> change, String code) {
        Setup s = setup(prefix, Map.of());
        Accounts.invited(s.org(), "alice@acme.test");
        Browser browser = new Browser();
        SamlTestIdp.Assertion assertion = spInitiated(browser, s);
        change.accept(assertion);
        assertRefused(post(browser, s, s.idp().responseXml(assertion), null), RETURN_TO, code);
    }

    /** A refusal: back to returnTo with the code, no refresh cookie, and no code to finish with. */
    private static void assertRefused(Browser.Page page, String returnTo, String code) {
        assertThat(page.status()).as(page.body()).isIn(302, 303);
        assertThat(page.location().toString()).isEqualTo(ReturnTo.withError(returnTo, code));
        assertThat(page.setCookie(REFRESH_COOKIE)).isNull();
    }

    /** Starts a sign-in in this browser and answers the IdP's assertion for it (not yet signed or sent). */
    private static SamlTestIdp.Assertion spInitiated(Browser browser, Setup s) {
        return s.idp().assertion(s.spEntityId(), s.acsUrl(), startAt(browser, s).get("id"));
    }

    private static Map<String, String> startAt(Browser browser, Setup s) {
        Browser.Page start = browser.get(app() + "/api/v2/auth/sso/" + s.id() + "/start?region=us-east-1&returnTo="
                + enc(RETURN_TO));
        assertThat(start.status()).isEqualTo(302);
        try {
            return SamlTestIdp.authnRequest(start.location().toString(), spCertificate(s));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IdP's HTTP-POST binding: the browser posts the form to our ACS. */
    private static Browser.Page post(Browser browser, Setup s, String responseXml, String relayState) {
        Map<String, String> form = new HashMap<>(Map.of("SAMLResponse", SamlTestIdp.encode(responseXml)));
        if (relayState != null) {
            form.put("RelayState", relayState);
        }
        return browser.postForm(URI.create(s.acsUrl()), form);
    }

    private static X509Certificate spCertificate(Setup s) {
        String xml = given().get("/api/v2/auth/sso/" + s.id() + "/saml/metadata?region=us-east-1").then().statusCode(200)
                .extract().asString();
        Matcher matcher = Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>").matcher(xml);
        assertThat(matcher.find()).as(xml).isTrue();
        try {
            return Certificates.parse(matcher.group(1));
        } catch (Certificates.Invalid e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
