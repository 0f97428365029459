package dev.threshold.identity.sso;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.sun.net.httpserver.HttpServer;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.SamlTestIdp;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API for SAML providers: registered from metadata XML, from a metadata URL (fetched
 * through the SSRF guard), or from entity id + SSO URL + certificates; certificate expiry and its
 * warning; fields of the other protocol refused; certificate rollover by PATCH; refusals of unusable
 * metadata (DOCTYPE, no redirect binding, no certificate).
 */
@QuarkusTest
class SamlProviderAdminTest {

    private static HttpServer server;
    private static String base;
    private static final SamlTestIdp SERVED = new SamlTestIdp();

    @BeforeAll
    static void metadataServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/metadata", exchange -> {
            byte[] body = SERVED.metadata().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void registersFromMetadataUrlThroughTheGuardAndAuditsIt() throws Exception {
        Accounts.Org org = Accounts.newOrg("saml-url");
        String admin = Tokens.admin(org.id().toString());
        JsonPath created;
        try (BrokerTap tap = BrokerTap.listen("org.identity_provider_changed")) {
            created = create(admin, Map.of("metadataUrl", base + "/metadata")).statusCode(201).extract().jsonPath();
            tap.await(event -> event.path("data").path("idpId").asText().equals(created.getString("id"))
                    && event.path("data").path("type").asText().equals("saml")
                    && event.path("data").path("issuer").asText().equals(SERVED.entityId), Duration.ofSeconds(10));
        }
        assertThat(created.getString("metadataUrl")).isEqualTo(base + "/metadata");
        assertThat(created.getString("entityId")).isEqualTo(SERVED.entityId);
        assertThat(created.getString("ssoUrl")).isEqualTo(SERVED.ssoUrl);
        assertThat(created.getString("clientId")).isNull();

        create(admin, Map.of("metadataUrl", base + "/gone")).statusCode(422).body("code", equalTo("idp_metadata_unreachable"));
        create(admin, Map.of("metadataUrl", "http://169.254.169.254/latest/meta-data")).statusCode(400)
                .body("code", equalTo("idp_address_not_allowed"));
        create(admin, Map.of("metadataUrl", "file:///etc/passwd")).statusCode(400)
                .body("code", equalTo("idp_address_not_allowed"));
    }

    @Test
    void registersFromEntityIdSsoUrlAndCertificatesAndWarnsBeforeTheyExpire() {
        Accounts.Org org = Accounts.newOrg("saml-explicit");
        String admin = Tokens.admin(org.id().toString());
        SamlTestIdp expiring = new SamlTestIdp("https://expiring.example.test/saml", Duration.ofDays(10));
        SamlTestIdp next = new SamlTestIdp("https://expiring.example.test/saml", Duration.ofDays(400));
        String pem = "-----BEGIN CERTIFICATE-----\n" + expiring.certificateBase64() + "\n-----END CERTIFICATE-----\n";
        JsonPath created = create(admin, Map.of("entityId", expiring.entityId, "ssoUrl", expiring.ssoUrl,
                "certificates", List.of(pem), "emailClaim", "mail", "allowIdpInitiated", true))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getString("certificateWarning")).isEqualTo("certificates_expiring");
        assertThat(created.getString("certificates[0].notAfter"))
                .isEqualTo(expiring.certificate.getNotAfter().toInstant().toString());
        assertThat(created.getString("certificates[0].fingerprintSha256")).contains(":");
        assertThat(created.getString("emailClaim")).isEqualTo("mail");
        assertThat(created.getBoolean("trustEmail")).isFalse();
        assertThat(created.getList("allowedDomains")).isEmpty();
        assertThat(created.getString("nameClaim")).isEqualTo("name");
        assertThat(created.getList("jitRoles")).containsExactly("user");
        assertThat(created.getBoolean("allowIdpInitiated")).isTrue();
        assertThat(created.getString("sp.acsUrl")).endsWith("/api/v2/auth/sso/" + created.getString("id")
                + "/saml/acs?region=us-east-1");

        // rollover: the old and the new certificate side by side, then the warning is gone
        String id = created.getString("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("certificates", List.of(expiring.certificateBase64(), next.certificateBase64()),
                        "emailClaim", "email"))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(200)
                .body("certificates.size()", equalTo(2)).body("certificateWarning", nullValue())
                .body("emailClaim", equalTo("email"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("certificates", List.of(expiring.certificateBase64(), next.certificateBase64(),
                        expiring.certificateBase64(), next.certificateBase64(), expiring.certificateBase64())))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/certificates"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("clientSecret", "x"))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(400)
                .body("code", equalTo("idp_field_not_applicable"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders").then().statusCode(200)
                .body("entities[0].type", equalTo("saml")).body("entities[0].sp.entityId", equalTo(created.getString("sp.entityId")));
        // the login page lists it like any provider
        given().get("/api/v2/auth/orgs/" + org.name() + "/identityproviders").then().statusCode(200)
                .body("[0].type", equalTo("saml"));
    }

    @Test
    void refusesUnusableMetadataAndMixedProtocols() {
        Accounts.Org org = Accounts.newOrg("saml-bad");
        String admin = Tokens.admin(org.id().toString());
        SamlTestIdp idp = new SamlTestIdp();
        create(admin, Map.of("metadataXml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + idp.metadata()))
                .statusCode(422).body("code", equalTo("idp_metadata_invalid"));
        create(admin, Map.of("metadataXml", idp.metadata().replaceAll("<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\"[^>]*/>", "")))
                .statusCode(422).body("code", equalTo("idp_metadata_invalid"));
        create(admin, Map.of("metadataXml", idp.metadata().replaceAll("<md:KeyDescriptor.*</md:KeyDescriptor>", "")))
                .statusCode(422).body("code", equalTo("idp_metadata_invalid"));
        create(admin, Map.of("metadataXml", idp.metadata().replace(idp.ssoUrl, "javascript:alert(1)")))
                .statusCode(422).body("code", equalTo("idp_metadata_invalid"));
        create(admin, Map.of("entityId", idp.entityId, "ssoUrl", idp.ssoUrl, "certificates", List.of("not a certificate")))
                .statusCode(400).body("code", equalTo("idp_certificate_invalid"));
        create(admin, Map.of()).statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/metadataXml"));
        create(admin, Map.of("metadataXml", idp.metadata(), "metadataUrl", base + "/metadata")).statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/metadataXml"));
        create(admin, Map.of("entityId", idp.entityId)).statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/ssoUrl")).body("errors.pointer", hasItem("/certificates"));
        create(admin, Map.of("metadataXml", idp.metadata(), "clientSecret", "secret")).statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/clientSecret"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("type", "oidc", "displayName", "x", "issuer", "https://x.example.test", "clientId", "c",
                        "clientSecret", "s", "metadataXml", idp.metadata()))
                .post("/api/v2/orgs/me/identityproviders").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/metadataXml"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders").then().body("total", equalTo(0));
    }

    @Test
    void appliesTheClaimMappingRulesToSamlProviders() {
        Accounts.Org org = Accounts.newOrg("saml-mapping");
        String admin = Tokens.admin(org.id().toString());
        SamlTestIdp idp = new SamlTestIdp();
        create(admin, Map.of("metadataXml", idp.metadata(), "trustEmail", true)).statusCode(400)
                .body("code", equalTo("idp_allowed_domains_required")).body("errors.pointer", hasItem("/allowedDomains"));
        create(admin, Map.of("metadataXml", idp.metadata(), "jitRoles", List.of("owner"), "nameClaim", "bad name"))
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/jitRoles/0")).body("errors.pointer", hasItem("/nameClaim"));
        create(admin, Map.of("metadataXml", idp.metadata(), "allowedDomains", List.of("*.acme.test"))).statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/allowedDomains/0"));
        create(admin, Map.of("metadataXml", idp.metadata(), "emailAttribute", "mail")).statusCode(400).body("code", equalTo("validation_failed"));
        JsonPath created = create(admin, Map.of("metadataXml", idp.metadata(), "trustEmail", true,
                "allowedDomains", List.of("Acme.TEST", "acme.test"),
                "emailClaim", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                "nameClaim", "urn:oid:2.16.840.1.113730.3.1.241", "jitRoles", List.of("admin")))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getList("allowedDomains")).containsExactly("acme.test");
        assertThat(created.getBoolean("trustEmail")).isTrue();
        assertThat(created.getString("emailClaim"))
                .isEqualTo("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");
        assertThat(created.getString("nameClaim")).isEqualTo("urn:oid:2.16.840.1.113730.3.1.241");
        assertThat(created.getList("jitRoles")).containsExactly("admin");
        String id = created.getString("id");
        // dropping the domains while trustEmail stays is refused, the whole mapping is checked on PATCH
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("allowedDomains", List.of()))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(400)
                .body("code", equalTo("idp_allowed_domains_required"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("trustEmail", false, "allowedDomains", List.of(), "jitRoles", List.of("user")))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(200)
                .body("trustEmail", equalTo(false)).body("allowedDomains.size()", equalTo(0))
                .body("jitRoles", equalTo(List.of("user")));
    }

    private static ValidatableResponse create(String admin, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "saml", "displayName", "Corporate SAML"));
        body.putAll(fields);
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                .post("/api/v2/orgs/me/identityproviders").then();
    }
}
