package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security suite, issue 12 points 5 and 6, replayed through the gateway against {@code ./threshold up}:
 * <ul>
 * <li>an API client of the org (a script secret, role admin) cannot register an identity provider
 * (which would sign it in as anyone): {@code 403 human_admin_required}, whatever the body;</li>
 * <li>an org admin cannot point identity-service at cloud metadata or at Threshold's own services:
 * {@code 400 idp_address_not_allowed};</li>
 * <li>a closed port and an open port that speaks no OIDC get the same answer (no port scanner).</li>
 * </ul>
 */
@DisplayName("Security: identity providers are for people only and never an SSRF proxy")
class IdentityProviderAttackTest {

    private static final String REGION = "us-east-1";
    private static final String IDENTITY_PORT = System.getProperty("threshold.identity.us-east-1.port", "8110");
    private static final String PATH = "/api/v2/orgs/me/identityproviders";

    private static Tenants.Org org;
    private static String admin;
    private static ServerSocket notOidc;

    @BeforeAll
    static void orgWithAdmin() throws IOException {
        org = Tenants.newOrg(REGION, "idp-attack");
        admin = org.admin().accessToken();

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
        String script = Tenants.apiClientToken(org);

        E2e.assertProblem(E2e.gateway().auth().oauth2(script).contentType("application/json")
                .body(Map.of("type", "oidc", "displayName", "Shadow", "issuer", "https://accounts.google.com",
                        "clientId", "x", "clientSecret", "y"))
                .post(PATH), 403, "human_admin_required");
        // authorization before validation: a bad body changes nothing
        E2e.assertProblem(E2e.gateway().auth().oauth2(script).contentType("application/json").body(Map.of("type", "saml"))
                .post(PATH), 403, "human_admin_required");
        E2e.assertProblem(E2e.gateway().auth().oauth2(script).get(PATH), 403, "human_admin_required");
        E2e.assertProblem(E2e.gateway().auth().oauth2(script).delete(PATH + "/" + UUID.randomUUID()), 403, "human_admin_required");
        // the person's token still lists them (none)
        Response list = E2e.gateway().auth().oauth2(admin).get(PATH);
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(200);
        assertThat(list.jsonPath().getInt("total")).isZero();
    }

    @Test
    void anAdminCannotPointIdentityServiceAtCloudMetadataOrAtThresholdItself() {
        for (String issuer : List.of("http://169.254.169.254/", "http://169.254.169.254/latest/meta-data",
                "http://[::ffff:169.254.169.254]/", "http://127.0.0.1:" + IDENTITY_PORT,
                "http://localhost:" + IDENTITY_PORT + "/realms/x", "http://127.0.0.1:8080", "http://2130706433:" + IDENTITY_PORT)) {
            E2e.assertProblem(register(issuer), 400, "idp_address_not_allowed");
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
            E2e.assertProblem(answer, 422, "idp_discovery_failed");
            answers.add(answer);
        }
        assertThat(answers.get(1).jsonPath().getString("detail")).isEqualTo(answers.get(0).jsonPath().getString("detail"));
        assertThat(answers.get(1).jsonPath().getString("title")).isEqualTo(answers.get(0).jsonPath().getString("title"));
        assertThat(answers.get(0).asString()).doesNotContain(String.valueOf(closed));
        assertThat(answers.get(1).asString()).doesNotContain(String.valueOf(notOidc.getLocalPort()));
    }

    private static Response register(String issuer) {
        return E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("type", "oidc", "displayName", "Probe", "issuer", issuer, "clientId", "probe",
                        "clientSecret", "probe-secret-0123456789"))
                .post(PATH);
    }
}
