package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 through the gateway: a forgotten password. The request answers the same for a known and
 * an unknown email; the email (GreenMail, read over IMAP) carries a single-use link of the region;
 * the reset checks the policy, ends every session of the person, signs them in (an MFA org's person
 * gets the MFA step instead); the address is rate-limited. Also: once MFA is required, a password
 * session that never passed MFA gets the MFA step at its next refresh.
 */
@Order(10)
@DisplayName("Forgotten password: request -> email -> reset -> signed in; MFA still applies")
class PasswordResetJourneyTest {

    private static final String REGION = "eu-central-1";
    private static final String NEW_PASSWORD = "Quokka-Tundra-Lantern-58"; // no word of the org "reset-..." (personal_info)
    private static final Pattern LINK = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]+)&region=([a-z0-9-]+)");

    @Test
    void forgotEmailResetSignedIn() throws Exception {
        Tenants.Org org = Tenants.newOrg(REGION, "reset");
        Tenants.Person person = Tenants.newPerson(org, "user");
        int before = Mailbox.count(person.email());
        String client = "198.51.100." + (1 + (int) (Math.random() * 200));

        Response known = forgot(person.email(), client);
        Response unknown = forgot("nobody-" + UUID.randomUUID() + "@" + org.name() + ".test", client);
        for (Response answer : new Response[] {known, unknown}) {
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
            assertThat(answer.asString()).isEmpty();
        }

        String token = awaitLink(person.email(), before);
        Response lookup = E2e.gateway().header("X-Region", REGION).queryParam("token", token).get("/api/v2/auth/password/reset");
        assertThat(lookup.statusCode()).as(lookup.asString()).isEqualTo(200);
        assertThat(lookup.jsonPath().getString("email")).isEqualTo(person.email());
        assertThat(lookup.jsonPath().getString("orgName")).isEqualTo(org.name());

        Response weak = reset(token, "short");
        E2e.assertProblem(weak, 400, "password_policy");
        assertThat(weak.jsonPath().getList("errors.code")).contains("min_length");

        Response done = reset(token, NEW_PASSWORD);
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(200);
        assertThat(done.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        E2e.assertProblem(reset(token, NEW_PASSWORD + "x"), 410, "password_reset_used");

        // every earlier session of the person is over, here and for its access tokens at identity-service
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("refreshToken", person.refreshToken())).post("/api/v2/auth/refresh"), 401, "session_revoked");
        E2e.assertProblem(E2e.gateway().auth().oauth2(person.accessToken()).get("/api/v2/users/me"), 401, "session_revoked");
        assertThat(Tenants.login(REGION, person.email(), Tenants.PASSWORD, client).statusCode()).isEqualTo(401);
        assertThat(Tenants.login(REGION, person.email(), NEW_PASSWORD, client).jsonPath().getString("status"))
                .isEqualTo("AUTHENTICATED");
    }

    @Test
    void anMfaOrgsPersonGetsTheMfaStepAndOpenSessionsMustPassMfa() throws Exception {
        Tenants.Org org = Tenants.newOrg(REGION, "reset-mfa");
        Tenants.Person person = Tenants.newPerson(org, "user");
        Response settings = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me");
        assertThat(settings.statusCode()).as(settings.asString()).isEqualTo(200);

        // the admin's own open session (password only) is asked for MFA at its next refresh
        Response refreshed = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("refreshToken", org.admin().refreshToken())).post("/api/v2/auth/refresh");
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(refreshed.jsonPath().getString("status")).isEqualTo("MFA_ENROLLMENT_REQUIRED");
        assertThat(refreshed.jsonPath().getString("accessToken")).isNull();

        int before = Mailbox.count(person.email());
        assertThat(forgot(person.email(), "198.51.100.220").statusCode()).isEqualTo(202);
        Response done = reset(awaitLink(person.email(), before), NEW_PASSWORD);
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(200);
        assertThat(done.jsonPath().getString("status")).isEqualTo("MFA_ENROLLMENT_REQUIRED");
        assertThat(done.jsonPath().getString("mfaToken")).isNotBlank();
        assertThat(done.jsonPath().getString("accessToken")).isNull();
    }

    @Test
    void oneAddressIsLimitedOpenlyWithoutTellingAnythingAboutAccounts() {
        String client = "203.0.113." + (1 + (int) (Math.random() * 200));
        for (int i = 0; i < 30; i++) {
            assertThat(forgot("spray-" + UUID.randomUUID() + "@example.test", client).statusCode()).isEqualTo(202);
        }
        Response refused = forgot("spray-" + UUID.randomUUID() + "@example.test", client);
        E2e.assertProblem(refused, 429, "too_many_attempts");
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        assertThat(forgot("spray-" + UUID.randomUUID() + "@example.test", "203.0.113.250").statusCode()).isEqualTo(202);
    }

    private static Response forgot(String email, String client) {
        return E2e.gateway().header("X-Region", REGION).header("X-Forwarded-For", client).contentType("application/json")
                .body(Map.of("email", email)).post("/api/v2/auth/password/forgot");
    }

    private static Response reset(String token, String password) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("token", token, "password", password, "cookie", false)).post("/api/v2/auth/password/reset");
    }

    /** The token of the reset email that arrives after the {@code before} messages the inbox held. */
    private static String awaitLink(String recipient, int before) throws Exception {
        AtomicReference<String[]> mail = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertThat(Mailbox.count(recipient)).isGreaterThan(before);
            mail.set(Mailbox.newest(recipient));
        });
        Matcher link = LINK.matcher(mail.get()[1]);
        assertThat(link.find()).as("link in %s", mail.get()[1]).isTrue();
        assertThat(link.group(2)).isEqualTo(REGION);
        assertThat(mail.get()[0]).contains("Threshold");
        return link.group(1);
    }
}
