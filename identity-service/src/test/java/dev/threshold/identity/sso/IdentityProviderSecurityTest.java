package dev.threshold.identity.sso;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.threshold.common.testing.TestDatabase;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Tokens;
import dev.threshold.testing.Browser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 12 on identity providers: an API client (a leaked script secret) must not
 * register a provider that signs anyone in, every change is audited and told to the other admins,
 * and an org admin must not turn identity-service into an SSRF proxy, neither at registration nor
 * at sign-in, nor learn which ports are open.
 */
@QuarkusTest
class IdentityProviderSecurityTest {

    private static final String SECRET = "the-client-secret-never-in-events-42";
    private static final String PATH = "/api/v2/orgs/me/identityproviders";
    private static final String RETURN_TO = "http://localhost:8080/app/after-sso";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DOCUMENTS = new ConcurrentHashMap<>();
    private static HttpServer discovery;
    private static String base;
    private static ServerSocket notHttp;
    private static Thread notHttpAcceptor;

    @BeforeAll
    static void servers() throws IOException {
        discovery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + discovery.getAddress().getPort();
        discovery.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String document = path.endsWith("/.well-known/openid-configuration")
                    ? DOCUMENTS.get(path.substring(0, path.length() - "/.well-known/openid-configuration".length())) : null;
            byte[] bytes = (document == null ? "{\"error\":\"not found\"}" : document).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(document == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        discovery.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        discovery.start();
        // an open port that speaks something else than HTTP (as a database or a cache would)
        notHttp = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        notHttpAcceptor = new Thread(() -> {
            while (!notHttp.isClosed()) {
                try (Socket socket = notHttp.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write("-ERR unknown command\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed: done
                }
            }
        }, "not-http");
        notHttpAcceptor.setDaemon(true);
        notHttpAcceptor.start();
    }

    @AfterAll
    static void stop() throws IOException {
        discovery.stop(0);
        notHttp.close();
    }

    // ---- human admins only ----

    @Test
    void anApiClientCannotListReadCreateChangeOrDeleteProvidersEvenWithABadBody() {
        Accounts.Org org = Accounts.newOrg("idp-client");
        String admin = Tokens.admin(org.id().toString());
        String id = create(admin, issuer("client")).statusCode(201).extract().path("id");
        String client = apiClientToken(admin);

        given().auth().oauth2(client).get(PATH).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).get(PATH + "/" + id).then().statusCode(403).body("code", equalTo("human_admin_required"));
        create(client, issuer("client")).statusCode(403).body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("displayName", "Mine now"))
                .patch(PATH + "/" + id).then().statusCode(403).body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).delete(PATH + "/" + id).then().statusCode(403).body("code", equalTo("human_admin_required"));
        // authorization comes before the body: invalid, malformed or missing bodies change nothing
        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("type", "saml", "unknown", 1))
                .post(PATH).then().statusCode(403).body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).contentType(ContentType.JSON).body("{\"type\": ").post(PATH).then()
                .statusCode(403).body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).contentType(ContentType.JSON).post(PATH).then()
                .statusCode(403).body("code", equalTo("human_admin_required"));
        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("displayName", ""))
                .patch(PATH + "/" + id).then().statusCode(403).body("code", equalTo("human_admin_required"));

        // still there, unchanged; a person's admin token works
        given().auth().oauth2(admin).get(PATH + "/" + id).then().statusCode(200).body("displayName", equalTo("OneLogin"));
        given().auth().oauth2(admin).get(PATH).then().statusCode(200).body("total", equalTo(1));
        // the client keeps its other admin powers
        given().auth().oauth2(client).get("/api/v2/users").then().statusCode(200);
    }

    @Test
    void everyChangeIsAnEventNamingTheOtherActiveAdminsAndNeverTheSecret() throws Exception {
        Accounts.Org org = Accounts.newOrg("idp-audit");
        Accounts.Person alice = Accounts.person(org, List.of("admin"));
        Accounts.Person bob = Accounts.person(org, List.of("admin", "user"));
        Accounts.Person carol = Accounts.person(org, List.of("admin"));
        Accounts.Person dave = Accounts.person(org, List.of("user"));
        Accounts.setState(carol.userId(), "LOCKED");

        String id = create(alice.accessToken(), issuer("audit")).statusCode(201).extract().path("id");
        given().auth().oauth2(alice.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Okta", "clientSecret", SECRET + "-rotated"))
                .patch(PATH + "/" + id).then().statusCode(200);
        given().auth().oauth2(alice.accessToken()).delete(PATH + "/" + id).then().statusCode(204);

        List<JsonNode> events = events(id);
        assertThat(events).extracting(e -> e.path("data").path("change").asText())
                .containsExactly("created", "updated", "deleted");
        for (JsonNode event : events) {
            assertThat(event.path("type").asText()).isEqualTo("threshold.org.identity_provider_changed.v1");
            JsonNode data = event.path("data");
            assertThat(data.path("orgId").asText()).isEqualTo(org.id().toString());
            assertThat(data.path("orgName").asText()).isEqualTo(org.name());
            assertThat(data.path("idpId").asText()).isEqualTo(id);
            assertThat(data.path("actorUserId").asText()).isEqualTo(alice.userId().toString());
            assertThat(data.path("actorEmail").asText()).isEqualTo(alice.email());
            assertThat(data.path("type").asText()).isEqualTo("oidc");
            assertThat(data.path("time").asText()).isNotEmpty();
            List<String> recipients = new ArrayList<>();
            data.path("recipients").forEach(r -> recipients.add(r.path("email").asText()));
            // the other ACTIVE admins: not the actor, not a locked admin, not a plain user
            assertThat(recipients).containsExactly(bob.email());
            assertThat(data.path("recipients").get(0).path("locale").asText()).isEqualTo("fr");
            assertThat(event.toString()).doesNotContain(SECRET);
        }
        assertThat(events.get(0).path("data").path("displayName").asText()).isEqualTo("OneLogin");
        assertThat(events.get(1).path("data").path("displayName").asText()).isEqualTo("Okta");
        assertThat(events.get(1).path("data").path("fields")).extracting(JsonNode::asText)
                .containsExactly("displayName", "clientSecret");
        assertThat(dave.email()).isNotIn(events.get(0).toString());
    }

    @Test
    void aRefusedChangeIsNoEvent() throws Exception {
        Accounts.Org org = Accounts.newOrg("idp-noevent");
        String admin = Tokens.admin(org.id().toString());
        create(admin, Map.of("issuer", "http://169.254.169.254")).statusCode(400).body("code", equalTo("idp_address_not_allowed"));
        create(apiClientToken(admin), issuer("noevent")).statusCode(403).body("code", equalTo("human_admin_required"));
        assertThat(TestDatabase.count("select count(*) from identity.outbox where org_id = ? and type = ?",
                org.id().toString(), "org.identity_provider_changed")).isZero();
    }

    // ---- SSRF ----

    @Test
    void refusesIssuersOnMetadataLinkLocalOrThresholdsOwnAddresses() {
        String admin = Tokens.admin(Accounts.newOrg("idp-ssrf").id().toString());
        int own = RestAssured.port;
        for (String issuer : List.of("http://169.254.169.254", "http://169.254.169.254/latest/meta-data",
                "https://169.254.169.254", "http://[::ffff:169.254.169.254]", "http://[fe80::1]", "http://[fd00:ec2::254]",
                "http://100.100.100.200", "http://0.0.0.0:" + own, "http://[::]:" + own, "http://224.0.0.1",
                "http://127.0.0.1:" + own, "http://localhost:" + own, "http://127.0.0.1:" + own + "/api/v2/auth",
                "http://2130706433:" + own, "http://0x7f.1:" + own, "http://2852039166")) {
            expect(issuer, create(admin, Map.of("issuer", issuer)), 400, "idp_address_not_allowed");
        }
        given().auth().oauth2(admin).get(PATH).then().body("total", equalTo(0));
    }

    @Test
    void refusesADiscoveryDocumentWhoseEndpointsPointAtForbiddenAddresses() {
        String admin = Tokens.admin(Accounts.newOrg("idp-ssrf-doc").id().toString());
        int own = RestAssured.port;
        Map<String, String> attacks = Map.of(
                "jwks_uri", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "token_endpoint", "http://169.254.169.254/token",
                "userinfo_endpoint", "http://[::ffff:169.254.169.254]/userinfo",
                "end_session_endpoint", "http://100.100.100.200/logout",
                "authorization_endpoint", "http://127.0.0.1:" + own + "/api/v2/auth/login",
                "revocation_endpoint", "gopher://127.0.0.1:6379/_FLUSHALL");
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            String path = "/doc-" + attack.getKey();
            DOCUMENTS.put(path, document(base + path, Map.of(attack.getKey(), attack.getValue())));
            expect(attack.getKey(), create(admin, Map.of("issuer", base + path)), 400, "idp_address_not_allowed");
        }
        given().auth().oauth2(admin).get(PATH).then().body("total", equalTo(0));
    }

    @Test
    void closedPortsOpenPortsAndBrokenProvidersAllAnswerTheSameProblem() throws IOException {
        String admin = Tokens.admin(Accounts.newOrg("idp-oracle").id().toString());
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String issuer : List.of("http://127.0.0.1:" + closed, "http://127.0.0.1:" + notHttp.getLocalPort(),
                base + "/nothing-here", "https://127.0.0.1:" + discovery.getAddress().getPort() + "/tls-to-plain",
                "http://no-such-host.invalid")) {
            Map<String, Object> problem = new HashMap<>(expect(issuer, create(admin, Map.of("issuer", issuer)), 422,
                    "idp_discovery_failed").jsonPath().getMap("$"));
            problem.remove("instance");
            problem.remove("requestId");
            answers.add(problem);
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.get(0)));
        assertThat(answers.get(0).toString()).doesNotContain(String.valueOf(closed))
                .doesNotContain(String.valueOf(notHttp.getLocalPort()));
    }

    @Test
    void theAddressesAreCheckedAgainWhenASignInStarts() {
        Accounts.Org org = Accounts.newOrg("idp-rebind");
        String path = "/rebind-" + UUID.randomUUID();
        DOCUMENTS.put(path, document(base + path, Map.of()));
        String id = create(Tokens.admin(org.id().toString()), Map.of("issuer", base + path)).statusCode(201)
                .extract().path("id");
        // the document changes after registration (as DNS could): its token endpoint now points at metadata
        DOCUMENTS.put(path, document(base + path, Map.of("token_endpoint", "http://169.254.169.254/token")));

        Browser.Page start = new Browser().get("http://localhost:" + RestAssured.port + "/api/v2/auth/sso/" + id
                + "/start?region=us-east-1&returnTo=" + URLEncoder.encode(RETURN_TO, StandardCharsets.UTF_8));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location().toString()).isEqualTo(RETURN_TO + "?error=idp_unavailable");
    }

    @Test
    void aForgedCallbackForAProviderThatNowFailsTheGuardEndsWithTheErrorAndSendsNothing() {
        Accounts.Org org = Accounts.newOrg("idp-forged");
        String path = "/forged-" + UUID.randomUUID();
        DOCUMENTS.put(path, document(base + path, Map.of()));
        String id = create(Tokens.admin(org.id().toString()), Map.of("issuer", base + path)).statusCode(201)
                .extract().path("id");
        String app = "http://localhost:" + RestAssured.port;
        Browser browser = new Browser();
        Browser.Page start = browser.get(app + "/api/v2/auth/sso/" + id + "/start?region=us-east-1&returnTo="
                + URLEncoder.encode(RETURN_TO, StandardCharsets.UTF_8));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.location().toString()).doesNotContain("error=");

        // the provider's issuer moves to a document whose token endpoint is identity-service itself
        String moved = "/moved-" + UUID.randomUUID();
        DOCUMENTS.put(moved, document(base + moved, Map.of("token_endpoint",
                "http://127.0.0.1:" + RestAssured.port + "/api/v2/auth/login")));
        Accounts.sql("update identity_provider set issuer = ?, version = version + 1 where id = ?", base + moved,
                UUID.fromString(id));

        Browser.Page callback = browser.get(app + "/api/v2/auth/sso/" + id + "/callback?region=us-east-1&state=forged&code=forged");
        assertThat(callback.status()).isEqualTo(302);
        assertThat(callback.location().toString()).isEqualTo(RETURN_TO + "?error=idp_unavailable");
    }

    // ---- helpers ----

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> expect(String what,
            ValidatableResponse response, int status, String code) {
        var extracted = response.extract();
        assertThat(extracted.statusCode()).as("%s: %s", what, extracted.asString()).isEqualTo(status);
        assertThat(extracted.contentType()).as(what).startsWith("application/problem+json");
        assertThat(extracted.jsonPath().getString("code")).as("%s: %s", what, extracted.asString()).isEqualTo(code);
        return extracted;
    }

    private static Map<String, Object> issuer(String name) {
        String path = "/" + name + "-" + UUID.randomUUID();
        DOCUMENTS.put(path, document(base + path, Map.of()));
        return Map.of("issuer", base + path);
    }

    private static String document(String issuer, Map<String, String> overrides) {
        Map<String, Object> document = new HashMap<>(Map.of("issuer", issuer, "authorization_endpoint", issuer + "/auth",
                "token_endpoint", issuer + "/token", "jwks_uri", issuer + "/jwks", "userinfo_endpoint", issuer + "/userinfo",
                "response_types_supported", List.of("code")));
        document.putAll(overrides);
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse create(String token, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "oidc", "displayName", "OneLogin", "issuer", base + "/unset",
                "clientId", "threshold", "clientSecret", SECRET));
        body.putAll(overrides);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(PATH).then();
    }

    /** A real API client of the org (with role admin), and its client-credentials token. */
    private static String apiClientToken(String admin) {
        var created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "leaked script " + UUID.randomUUID(), "roles", List.of("admin")))
                .post("/api/v2/oauth/clients").then().statusCode(201).extract().jsonPath();
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", created.getString("clientId"))
                .formParam("client_secret", created.getString("clientSecret"))
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    private static List<JsonNode> events(String idpId) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Map<String, Object> row : TestDatabase.query("select payload from identity.outbox where aggregate_id = ?"
                + " and type = 'org.identity_provider_changed' order by id", idpId)) {
            events.add(JSON.readTree(String.valueOf(row.get("payload"))));
        }
        return events;
    }
}
