package dev.threshold.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.log.LogDetail;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, points 5 and 6, replayed through the gateway against {@code ./threshold up}:
 * <ul>
 * <li>an API client of the org (a script secret, role admin) cannot register an identity provider
 * (which would sign it in as anyone): {@code 403 human_admin_required}, whatever the body;</li>
 * <li>an org admin cannot point identity-service at cloud metadata or at Threshold's own services:
 * {@code 400 idp_address_not_allowed};</li>
 * <li>a closed port and an open port that speaks no OIDC get the same answer (no port scanner).</li>
 * </ul>
 * Self-contained (its own org in us-east-1, whose identity-service listens on 8110).
 */
@DisplayName("Security: identity providers are for people only and never an SSRF proxy")
class IdentityProviderAttackTest {

    private static final String GATEWAY = System.getProperty("threshold.gateway.url", "http://localhost:8080");
    private static final Path ROOT = Path.of(System.getProperty("threshold.root", "..")).toAbsolutePath().normalize();
    private static final String MAIL_HOST = System.getProperty("threshold.mail.host", "127.0.0.1");
    private static final int IMAP_PORT = Integer.getInteger("threshold.mail.imap.port", 3143);
    private static final String REGION = "us-east-1";
    private static final String IDENTITY_PORT = System.getProperty("threshold.identity.us-east-1.port", "8110");
    private static final String PATH = "/api/v2/orgs/me/identityproviders";
    private static final Pattern TOKEN = Pattern.compile("/invite\\?token=([A-Za-z0-9_-]+)&region=");

    private static String admin;
    private static ServerSocket notOidc;

    @BeforeAll
    static void orgWithAdmin() throws Exception {
        String orgName = "idp-attack-" + UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "ada-" + UUID.randomUUID() + "@attack.test";
        Response created = gateway().header("X-Region", REGION).auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(Map.of("name", orgName, "adminEmail", adminEmail, "adminName", "Ada", "locale", "en"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Response login = gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("token", invitationToken(adminEmail), "password", "Attack-Journey-Secret-42"))
                .post("/api/v2/auth/invitations/accept");
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        admin = login.jsonPath().getString("accessToken");

        // an open port on loopback that speaks something else than HTTP (as a cache or a database would)
        notOidc = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!notOidc.isClosed()) {
                try (Socket socket = notOidc.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write("-ERR unknown command\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed: done
                }
            }
        }, "not-oidc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void close() throws IOException {
        if (notOidc != null) {
            notOidc.close();
        }
    }

    @Test
    void anApiClientOfTheOrgCannotRegisterOrSeeIdentityProviders() {
        Response client = gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", "leaked-script", "roles", List.of("admin"))).post("/api/v2/oauth/clients");
        assertThat(client.statusCode()).as(client.asString()).isEqualTo(201);
        Response grant = gateway().header("X-Region", REGION)
                .auth().preemptive().basic(client.jsonPath().getString("clientId"), client.jsonPath().getString("clientSecret"))
                .contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .post("/oauth/token");
        assertThat(grant.statusCode()).as(grant.asString()).isEqualTo(200);
        String script = grant.jsonPath().getString("access_token");

        assertProblem(gateway().auth().oauth2(script).contentType("application/json")
                .body(Map.of("type", "oidc", "displayName", "Shadow", "issuer", "https://accounts.google.com",
                        "clientId", "x", "clientSecret", "y"))
                .post(PATH), 403, "human_admin_required");
        // authorization before validation: a bad body changes nothing
        assertProblem(gateway().auth().oauth2(script).contentType("application/json").body(Map.of("type", "saml"))
                .post(PATH), 403, "human_admin_required");
        assertProblem(gateway().auth().oauth2(script).get(PATH), 403, "human_admin_required");
        assertProblem(gateway().auth().oauth2(script).delete(PATH + "/" + UUID.randomUUID()), 403, "human_admin_required");
        // the person's token still lists them (none)
        Response list = gateway().auth().oauth2(admin).get(PATH);
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(200);
        assertThat(list.jsonPath().getInt("total")).isZero();
    }

    @Test
    void anAdminCannotPointIdentityServiceAtCloudMetadataOrAtThresholdItself() {
        for (String issuer : List.of("http://169.254.169.254/", "http://169.254.169.254/latest/meta-data",
                "http://[::ffff:169.254.169.254]/", "http://127.0.0.1:" + IDENTITY_PORT,
                "http://localhost:" + IDENTITY_PORT + "/realms/x", "http://127.0.0.1:8080", "http://2130706433:" + IDENTITY_PORT)) {
            assertProblem(register(issuer), 400, "idp_address_not_allowed");
        }
    }

    @Test
    void aClosedPortAndAnOpenNonOidcPortGetTheSameAnswer() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        List<Response> answers = new ArrayList<>();
        for (String issuer : List.of("http://127.0.0.1:" + closed, "http://127.0.0.1:" + notOidc.getLocalPort())) {
            Response answer = register(issuer);
            assertProblem(answer, 422, "idp_discovery_failed");
            answers.add(answer);
        }
        assertThat(answers.get(1).jsonPath().getString("detail")).isEqualTo(answers.get(0).jsonPath().getString("detail"));
        assertThat(answers.get(1).jsonPath().getString("title")).isEqualTo(answers.get(0).jsonPath().getString("title"));
        assertThat(answers.get(0).asString()).doesNotContain(String.valueOf(closed));
        assertThat(answers.get(1).asString()).doesNotContain(String.valueOf(notOidc.getLocalPort()));
    }

    // ---- helpers (E2e's are package-private in dev.threshold.e2e) ----

    private static Response register(String issuer) {
        return gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("type", "oidc", "displayName", "Probe", "issuer", issuer, "clientId", "probe",
                        "clientSecret", "probe-secret-0123456789"))
                .post(PATH);
    }

    private static RequestSpecification gateway() {
        return RestAssured.given()
                .spec(new RequestSpecBuilder()
                        .setBaseUri(GATEWAY)
                        .setConfig(RestAssuredConfig.config()
                                .redirect(RedirectConfig.redirectConfig().followRedirects(false))
                                .httpClient(HttpClientConfig.httpClientConfig()
                                        .setParam("http.connection.timeout", 5_000)
                                        .setParam("http.socket.timeout", 15_000)))
                        .build())
                .log().ifValidationFails(LogDetail.ALL);
    }

    private static void assertProblem(Response response, int status, String code) {
        String body = response.asString();
        assertThat(response.statusCode()).as("HTTP status; body: %s", body).isEqualTo(status);
        assertThat(response.contentType()).as("content type; body: %s", body).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).as("problem code; body: %s", body).isEqualTo(code);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:threshold:problem:" + code);
    }

    private static String operatorToken() throws IOException {
        String fromEnv = System.getenv("THRESHOLD_OPERATOR_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return Files.readString(ROOT.resolve(".threshold/secrets/operator-token")).trim();
    }

    /** The invitation token of the admin's email, read over IMAP from ./threshold's GreenMail. */
    private static String invitationToken(String recipient) {
        AtomicReference<String> token = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String text = firstMail(recipient);
            assertThat(text).isNotNull();
            Matcher link = TOKEN.matcher(text);
            assertThat(link.find()).as(text).isTrue();
            token.set(link.group(1));
        });
        return token.get();
    }

    private static String firstMail(String recipient) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(MAIL_HOST, IMAP_PORT, recipient, recipient);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                return messages.length == 0 ? null : plainText(messages[0]);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
