package dev.threshold.identity.sso;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.sun.net.httpserver.HttpServer;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API of identity providers and the public list of the login page. Discovery documents
 * come from a small local server here (good, lying and broken ones); the sign-in itself runs
 * against a real Keycloak in {@link SsoTest}.
 */
@QuarkusTest
class IdentityProviderResourceTest {

    private static final String SECRET = "very-secret-client-secret-42";
    private static HttpServer discovery;
    private static String base;

    @BeforeAll
    static void discoveryServer() throws IOException {
        discovery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + discovery.getAddress().getPort();
        discovery.createContext("/good/.well-known/openid-configuration", exchange -> send(exchange, 200, document(base + "/good", true)));
        discovery.createContext("/other/.well-known/openid-configuration", exchange -> send(exchange, 200, document(base + "/other", true)));
        discovery.createContext("/lying/.well-known/openid-configuration", exchange -> send(exchange, 200, document("https://login.example.test", true)));
        discovery.createContext("/partial/.well-known/openid-configuration", exchange -> send(exchange, 200, document(base + "/partial", false)));
        discovery.createContext("/html/.well-known/openid-configuration", exchange -> send(exchange, 200, "<html>hello</html>"));
        discovery.createContext("/missing/.well-known/openid-configuration", exchange -> send(exchange, 404, "{}"));
        discovery.start();
    }

    @AfterAll
    static void stop() {
        discovery.stop(0);
    }

    @Test
    void createsListsUpdatesAndDeletesAProviderAndNeverReturnsTheSecret() {
        Accounts.Org org = Accounts.newOrg("idp-crud");
        String admin = Tokens.admin(org.id().toString());

        String id = create(admin, Map.of("scopes", List.of("email", "groups"), "emailClaim", "upn", "jitProvisioning", true))
                .statusCode(201)
                .body("type", equalTo("oidc")).body("displayName", equalTo("OneLogin")).body("issuer", equalTo(base + "/good"))
                .body("clientId", equalTo("threshold")).body("scopes", contains("email", "groups"))
                .body("emailClaim", equalTo("upn")).body("jitProvisioning", equalTo(true))
                .body("$", not(hasKey("clientSecret"))).extract().path("id");
        assertThat(sealedSecret(id)).doesNotContain(SECRET);

        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders").then().statusCode(200)
                .body("total", equalTo(1)).body("entities.id", contains(id))
                .body("entities[0]", not(hasKey("clientSecret")));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Okta", "issuer", base + "/other/", "clientSecret", "rotated-secret-0123"))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(200)
                .body("displayName", equalTo("Okta")).body("issuer", equalTo(base + "/other"))
                .body("clientId", equalTo("threshold")).body("$", not(hasKey("clientSecret")));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(200)
                .body("displayName", equalTo("Okta"));

        given().auth().oauth2(admin).delete("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(404)
                .body("code", equalTo("identity_provider_not_found"));
    }

    @Test
    void answersAClearProblemWhenDiscoveryFailsOrTheDocumentIsUnusable() throws IOException {
        Accounts.Org org = Accounts.newOrg("idp-discovery");
        String admin = Tokens.admin(org.id().toString());
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        create(admin, Map.of("issuer", "http://127.0.0.1:" + closed + "/realms/x")).statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("idp_discovery_failed"));
        create(admin, Map.of("issuer", base + "/missing")).statusCode(422).body("code", equalTo("idp_discovery_failed"));
        create(admin, Map.of("issuer", base + "/lying")).statusCode(422).body("code", equalTo("idp_discovery_invalid"));
        create(admin, Map.of("issuer", base + "/partial")).statusCode(422).body("code", equalTo("idp_discovery_invalid"));
        create(admin, Map.of("issuer", base + "/html")).statusCode(422).body("code", equalTo("idp_discovery_failed"));
        for (String issuer : List.of("ftp://127.0.0.1/x", "https://login.example.test/?a=b",
                "not a url")) {
            create(admin, Map.of("issuer", issuer)).statusCode(400).body("code", equalTo("idp_issuer_invalid"));
        }
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders").then().body("total", equalTo(0));

        String id = create(admin, Map.of()).statusCode(201).extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("issuer", base + "/lying"))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(422)
                .body("code", equalTo("idp_discovery_invalid"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then()
                .body("issuer", equalTo(base + "/good"));
    }

    @Test
    void refusesBadInput() {
        Accounts.Org org = Accounts.newOrg("idp-input");
        String admin = Tokens.admin(org.id().toString());
        for (String icon : List.of("http://icons.example.test/a.png", "javascript:alert(1)", "data:text/html;base64,PGI+",
                "https://user:pw@icons.example.test/a.png")) {
            create(admin, Map.of("iconUrl", icon)).statusCode(400).body("code", equalTo("validation_failed"))
                    .body("errors.pointer", hasItem("/iconUrl"));
        }
        create(admin, Map.of("iconUrl", "data:image/png;base64,iVBORw0KGgo=")).statusCode(201);
        create(admin, Map.of("type", "ldap")).statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/type"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("type", "oidc"))
                .post("/api/v2/orgs/me/identityproviders").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/clientSecret")).body("errors.pointer", hasItem("/issuer"));
        create(admin, Map.of("scopes", List.of("has space"))).statusCode(400).body("code", equalTo("validation_failed"));
        create(admin, Map.of("unknown", 1)).statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/unknown"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/not-a-uuid").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void theClaimMappingHasDefaultsAndIsStoredNormalized() {
        Accounts.Org org = Accounts.newOrg("idp-mapping");
        String admin = Tokens.admin(org.id().toString());

        create(admin, Map.of()).statusCode(201).body("emailClaim", equalTo("email")).body("trustEmail", equalTo(false))
                .body("allowedDomains", equalTo(List.of())).body("nameClaim", equalTo("name"))
                .body("jitRoles", equalTo(List.of("user")));
        String id = create(admin, Map.of("emailClaim", "upn", "trustEmail", true,
                        "allowedDomains", List.of(" ACME.test", "acme.test.", "eu.acme.test"), "nameClaim", "given_name",
                        "jitRoles", List.of("user", "admin")))
                .statusCode(201).body("emailClaim", equalTo("upn")).body("trustEmail", equalTo(true))
                .body("allowedDomains", equalTo(List.of("acme.test", "eu.acme.test"))).body("nameClaim", equalTo("given_name"))
                .body("jitRoles", equalTo(List.of("user", "admin"))).extract().path("id");
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(200)
                .body("allowedDomains", equalTo(List.of("acme.test", "eu.acme.test"))).body("trustEmail", equalTo(true));
        // SAML-style attribute names are claim names too
        create(admin, Map.of("emailClaim", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"))
                .statusCode(201);
    }

    @Test
    void trustEmailIsRefusedWithoutAllowedDomainsOnCreateAndOnEveryPatch() {
        Accounts.Org org = Accounts.newOrg("idp-trust");
        String admin = Tokens.admin(org.id().toString());
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("trustEmail", true),
                Map.of("trustEmail", true, "allowedDomains", List.of()))) {
            create(admin, body).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("idp_allowed_domains_required")).body("errors.pointer", contains("/allowedDomains"));
        }
        String id = create(admin, Map.of("trustEmail", true, "allowedDomains", List.of("acme.test"))).statusCode(201)
                .extract().path("id");

        patch(admin, id, Map.of("allowedDomains", List.of())).statusCode(400)
                .body("code", equalTo("idp_allowed_domains_required"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then()
                .body("allowedDomains", equalTo(List.of("acme.test"))).body("trustEmail", equalTo(true));
        patch(admin, id, Map.of("trustEmail", false, "allowedDomains", List.of())).statusCode(200)
                .body("trustEmail", equalTo(false)).body("allowedDomains", equalTo(List.of()));
        patch(admin, id, Map.of("trustEmail", true)).statusCode(400).body("code", equalTo("idp_allowed_domains_required"));
        patch(admin, id, Map.of("allowedDomains", List.of("Other.test"), "nameClaim", "nickname", "jitRoles", List.of("admin")))
                .statusCode(200).body("allowedDomains", equalTo(List.of("other.test"))).body("nameClaim", equalTo("nickname"))
                .body("jitRoles", equalTo(List.of("admin"))).body("trustEmail", equalTo(false));
        patch(admin, id, Map.of("trustEmail", true)).statusCode(200).body("trustEmail", equalTo(true));
    }

    @Test
    void refusesBadDomainsRolesAndClaimNamesBeforeDiscovery() {
        Accounts.Org org = Accounts.newOrg("idp-domains");
        String admin = Tokens.admin(org.id().toString());
        for (String domain : List.of("", "*.acme.test", "alice@acme.test", "acme", "10.0.0.1", "acme.test/path")) {
            // an issuer that would fail discovery: the body's own problems are reported first
            create(admin, Map.of("allowedDomains", List.of("acme.test", domain), "issuer", base + "/missing"))
                    .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", contains("/allowedDomains/1"));
        }
        create(admin, Map.of("jitRoles", List.of("root"))).statusCode(400).body("code", equalTo("validation_failed"));
        create(admin, Map.of("jitRoles", List.of())).statusCode(400).body("code", equalTo("validation_failed"));
        create(admin, Map.of("nameClaim", "has space")).statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/nameClaim"));
        create(admin, Map.of("trustEmail", "yes")).statusCode(400).body("code", equalTo("validation_failed"));
        String id = create(admin, Map.of()).statusCode(201).extract().path("id");
        patch(admin, id, Map.of("allowedDomains", List.of("*.acme.test"))).statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", contains("/allowedDomains/0"));
        patch(admin, id, Map.of("jitRoles", List.of("owner"))).statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/identityproviders/" + id).then()
                .body("allowedDomains", equalTo(List.of())).body("jitRoles", equalTo(List.of("user")));
    }

    @Test
    void anotherOrganizationsAdminSeesAndChangesNothingAndUsersAreNotAdmins() {
        Accounts.Org org = Accounts.newOrg("idp-mine");
        String id = create(Tokens.admin(org.id().toString()), Map.of()).statusCode(201).extract().path("id");
        Accounts.Org other = Accounts.newOrg("idp-theirs");
        String intruder = Tokens.admin(other.id().toString());

        given().auth().oauth2(intruder).get("/api/v2/orgs/me/identityproviders").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(intruder).get("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(404)
                .body("code", equalTo("identity_provider_not_found"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON).body(Map.of("displayName", "Mine now"))
                .patch("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(404).body("code", equalTo("identity_provider_not_found"));
        given().auth().oauth2(intruder).delete("/api/v2/orgs/me/identityproviders/" + id).then().statusCode(404).body("code", equalTo("identity_provider_not_found"));
        given().auth().oauth2(Tokens.user(org.id().toString())).get("/api/v2/orgs/me/identityproviders").then()
                .statusCode(403).body("code", equalTo("forbidden"));
        given().get("/api/v2/orgs/me/identityproviders").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/orgs/me/identityproviders/" + id).then()
                .statusCode(200).body("displayName", equalTo("OneLogin"));
    }

    @Test
    void allowsAtMostThirtyProvidersPerOrganization() {
        Accounts.Org org = Accounts.newOrg("idp-limit");
        String admin = Tokens.admin(org.id().toString());
        for (int i = 0; i < 30; i++) {
            create(admin, Map.of("displayName", "IdP " + i)).statusCode(201);
        }
        create(admin, Map.of()).statusCode(409).body("code", equalTo("identity_provider_limit"));
    }

    @Test
    void theLoginPageListsAnOrganizationsProvidersByNameInAnyCase() {
        Accounts.Org org = Accounts.newOrg("idp-public");
        String id = create(Tokens.admin(org.id().toString()), Map.of()).statusCode(201).extract().path("id");

        given().get("/api/v2/auth/orgs/" + org.name().toUpperCase(Locale.ROOT) + "/identityproviders").then()
                .statusCode(200).body("id", contains(id)).body("displayName", contains("OneLogin"))
                .body("type", contains("oidc")).body("iconUrl", contains("https://icons.example.test/onelogin.svg"))
                .body("[0]", not(hasKey("issuer"))).body("[0]", not(hasKey("clientId")));
        given().get("/api/v2/auth/orgs/no-such-org-" + UUID.randomUUID() + "/identityproviders").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("org_not_found"));
        given().get("/api/v2/auth/orgs/" + Accounts.newOrg("idp-none").name() + "/identityproviders").then()
                .statusCode(200).body("size()", equalTo(0)).body("[0]", nullValue());
    }

    @Test
    void answersForgedOrStrayCodeFlowRequestsWithProblemsNeverAServerError() {
        Accounts.Org org = Accounts.newOrg("idp-stray");
        String id = create(Tokens.admin(org.id().toString()), Map.of()).statusCode(201).extract().path("id");
        for (String idp : List.of(id, UUID.randomUUID().toString())) {
            given().redirects().follow(false).queryParam("state", "forged").queryParam("code", "forged")
                    .get("/api/v2/auth/sso/" + idp + "/callback").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("sso_flow_invalid"));
        }
        int status = given().redirects().follow(false).get("/api/v2/auth/sso/" + UUID.randomUUID() + "/login")
                .then().extract().statusCode();
        assertThat(status).isBetween(400, 499);
        given().redirects().follow(false).get("/api/v2/auth/sso/not-a-uuid/start").then().statusCode(400)
                .body("code", equalTo("return_to_not_allowed"));
        given().redirects().follow(false).queryParam("returnTo", "http://localhost:8080/x")
                .get("/api/v2/auth/sso/not-a-uuid/start").then().statusCode(302)
                .header("Location", equalTo("http://localhost:8080/x?error=idp_not_found"));
    }

    private static ValidatableResponse create(String token, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "oidc", "displayName", "OneLogin", "issuer", base + "/good",
                "clientId", "threshold", "clientSecret", SECRET, "iconUrl", "https://icons.example.test/onelogin.svg"));
        body.putAll(overrides);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v2/orgs/me/identityproviders").then();
    }

    private static ValidatableResponse patch(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .patch("/api/v2/orgs/me/identityproviders/" + id).then();
    }

    private static String sealedSecret(String id) {
        var config = ConfigProvider.getConfig();
        try (var connection = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                var query = connection.prepareStatement("select client_secret_sealed from identity.identity_provider where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return new String(rows.getBytes(1), StandardCharsets.ISO_8859_1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String document(String issuer, boolean complete) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                + (complete ? "\"token_endpoint\":\"" + issuer + "/token\"," : "")
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"]}";
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
