package dev.threshold.identity.reset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.internal.InternalSeal;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.MfaStub;
import dev.threshold.common.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forgotten passwords (API.md "First login and login"): the request never tells whether an account
 * exists, the link works once and only for a while, the policy and history apply, every session of
 * the person ends, the lockout of the account is cleared and MFA still applies. The link's token is
 * read the way the mailer reads it: from the {@code user.password_reset_requested} event in the
 * outbox, opened with the region's internal secret.
 */
@QuarkusTest
class PasswordResetTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NEW_PASSWORD = "Lantern-Quartz-Harbor-93";

    @Inject
    PasswordResetRequestSweep sweep;

    @Inject
    PasswordResetService service;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void answersAnUnknownEmailExactlyLikeAKnownOne() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-same"), List.of("user"));
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        Response known = forgot(person.email(), Accounts.randomIp());
        Response stranger = forgot(unknown, Accounts.randomIp());
        for (Response answer : List.of(known, stranger)) {
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.asString()).isEmpty();
            assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.getHeader("Set-Cookie")).isNull();
        }
        assertThat(known.getHeaders().asList().stream().map(h -> h.getName()).sorted().toList())
                .isEqualTo(stranger.getHeaders().asList().stream().map(h -> h.getName()).sorted().toList());
        // the link is made after the answer, for the known email only
        Link link = awaitLink(person.userId());
        assertThat(link.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(Accounts.query("select count(*) from outbox where type = 'user.password_reset_requested' and payload like ?",
                "%" + unknown + "%")).isEqualTo("0");
        // the event carries the token sealed, never in the clear; the database keeps only its hash
        assertThat(Accounts.query("select count(*) from outbox where payload like ?", "%" + link.token() + "%")).isEqualTo("0");
        assertThat(Accounts.query("select count(*) from password_reset where token_hash = ?", link.token())).isEqualTo("0");
        assertThat(Accounts.query("select count(*) from password_reset where token_hash = ?",
                dev.threshold.identity.session.SecretTokens.hash(link.token()))).isEqualTo("1");
    }

    @Test
    void answersAsFastForAnUnknownEmailAsForAKnownOne() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-time"), List.of("user"));
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            known.add(timed(person.email()));
            unknown.add(timed("nobody-" + UUID.randomUUID() + "@example.test"));
        }
        long knownMedian = median(known);
        long unknownMedian = median(unknown);
        // the same work before the answer either way (two counter upserts); a shared 2-core machine is noisy
        assertThat(Math.abs(knownMedian - unknownMedian)).as("medians %d vs %d ms", knownMedian, unknownMedian)
                .isLessThan(Math.max(50, knownMedian / 2));
    }

    @Test
    void aLinkSetsANewPasswordOnceAndSignsThePersonIn() {
        Accounts.Org org = Accounts.newOrg("rst-once");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        Link link = awaitLink(person.userId());

        given().queryParam("token", link.token()).get("/api/v2/auth/password/reset").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("email", equalTo(person.email())).body("orgName", equalTo(org.name()))
                .body("region", equalTo("us-east-1")).body("passwordPolicy.minLength", equalTo(8))
                .body("expiresAt", notNullValue());

        reset(link.token(), NEW_PASSWORD).statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("accessToken", notNullValue()).body("user.email", equalTo(person.email()));
        // once
        reset(link.token(), "Another-Harbor-Lantern-71").statusCode(410).body("code", equalTo("password_reset_used"));
        given().queryParam("token", link.token()).get("/api/v2/auth/password/reset").then().statusCode(410)
                .body("code", equalTo("password_reset_used"));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(401).body("code", equalTo("invalid_credentials"));
        Accounts.login(person.email(), NEW_PASSWORD, Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("AUTHENTICATED"));
        // audit
        Awaitility.await().atMost(WAIT).until(() -> Accounts.query(
                "select count(*) from outbox where type = 'user.password_reset' and aggregate_id = ?",
                person.userId().toString()).equals("1"));
        // the person is told (ASVS 2.2.3: user.security_changed, mailed by invitation-service), once, no secret
        assertThat(Accounts.query("select count(*) from outbox where type = 'user.security_changed' and aggregate_id = ?"
                + " and payload like ? and payload like ?", person.userId().toString(), "%\"change\":\"password_reset\"%",
                "%" + person.email() + "%")).isEqualTo("1");
        assertThat(Accounts.query("select count(*) from outbox where type = 'user.security_changed' and aggregate_id = ?"
                + " and (payload like ? or payload like ?)", person.userId().toString(), "%" + NEW_PASSWORD + "%",
                "%" + link.token() + "%")).isEqualTo("0");
    }

    @Test
    void aLinkExpiresAfterSixtyMinutes() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-exp"), List.of("user"));
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        Link link = awaitLink(person.userId());
        TestClock.INSTANCE.advance(Duration.ofMinutes(59));
        given().queryParam("token", link.token()).get("/api/v2/auth/password/reset").then().statusCode(200);
        TestClock.INSTANCE.advance(Duration.ofMinutes(1));
        given().queryParam("token", link.token()).get("/api/v2/auth/password/reset").then().statusCode(410)
                .body("code", equalTo("password_reset_expired"));
        reset(link.token(), NEW_PASSWORD).statusCode(410).body("code", equalTo("password_reset_expired"));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200);
    }

    @Test
    void refusesUnknownAndMalformedTokens() {
        for (String token : List.of("A".repeat(43), "not a token", "x", "%2e%2e")) {
            given().queryParam("token", token).get("/api/v2/auth/password/reset").then().statusCode(404)
                    .contentType("application/problem+json").body("code", equalTo("password_reset_not_found"));
            reset(token, NEW_PASSWORD).statusCode(404).body("code", equalTo("password_reset_not_found"));
        }
        given().get("/api/v2/auth/password/reset").then().statusCode(404).body("code", equalTo("password_reset_not_found"));
        given().contentType(ContentType.JSON).body(Map.of("password", NEW_PASSWORD)).post("/api/v2/auth/password/reset")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/token"));
        given().contentType(ContentType.JSON).body(Map.of("email", " ")).post("/api/v2/auth/password/forgot")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        given().contentType(ContentType.JSON).body(Map.of("email", "x".repeat(400) + "@example.test"))
                .post("/api/v2/auth/password/forgot").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void aNewerRequestReplacesTheOlderLink() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-newer"), List.of("user"));
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        Link first = awaitLink(person.userId());
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        Link second = awaitLinks(person.userId(), 2).get(1);
        assertThat(second.token()).isNotEqualTo(first.token());
        given().queryParam("token", first.token()).get("/api/v2/auth/password/reset").then().statusCode(410)
                .body("code", equalTo("password_reset_replaced"));
        reset(first.token(), NEW_PASSWORD).statusCode(410).body("code", equalTo("password_reset_replaced"));
        reset(second.token(), NEW_PASSWORD).statusCode(200);
    }

    @Test
    void thePolicyAndTheHistoryApplyAndAFailureKeepsTheLink() {
        Accounts.Org org = Accounts.newOrg("rst-policy");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        Link link = awaitLink(person.userId());

        reset(link.token(), "short").statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("password_policy")).body("errors.code", hasItems("min_length", "uppercase", "digit"))
                .body("errors.pointer", hasItem("/password"));
        reset(link.token(), person.password()).statusCode(400).body("code", equalTo("password_policy"))
                .body("errors.code", hasItem("reused"));
        reset(link.token(), "Password123!").statusCode(400).body("errors.code", hasItem("common_password"));
        given().contentType(ContentType.JSON).header("Accept-Language", "de")
                .body(Map.of("token", link.token(), "password", "kurz")).post("/api/v2/auth/password/reset").then()
                .statusCode(400).body("errors.find { it.code == 'min_length' }.detail", equalTo("Verwenden Sie mindestens 8 Zeichen."));

        // the live checklist of the reset page: the same rules, nothing used
        given().contentType(ContentType.JSON).body(Map.of("password", "short", "resetToken", link.token()))
                .post("/api/v2/auth/password/check").then().statusCode(200).header("Cache-Control", "no-store")
                .body("errors.code", hasItem("min_length")).body("passwordPolicy.minLength", equalTo(8));
        given().contentType(ContentType.JSON).body(Map.of("password", "short", "resetToken", "A".repeat(43)))
                .post("/api/v2/auth/password/check").then().statusCode(404).body("code", equalTo("password_reset_not_found"));

        reset(link.token(), NEW_PASSWORD).statusCode(200).body("status", equalTo("AUTHENTICATED"));
    }

    @Test
    void everySessionEndsRememberedBrowsersAreForgottenAndTheLockoutIsCleared() {
        Accounts.Org org = Accounts.newOrg("rst-sessions");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String otherSession = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("refreshToken");
        // someone locked the account from one address
        String attacker = Accounts.randomIp();
        for (int i = 0; i < 6; i++) {
            Accounts.login(person.email(), "Wrong-Password-" + i, attacker).statusCode(401).body("code", equalTo("invalid_credentials"));
        }
        Accounts.login(person.email(), person.password(), attacker).statusCode(429).body("code", equalTo("too_many_attempts"));
        Accounts.sql("insert into remembered_device (id, user_id, secret_hash, created_at, expires_at)"
                + " values (?, ?, ?, now(), now() + interval '7 days')", UUID.randomUUID(), person.userId(), "h-" + UUID.randomUUID());

        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        reset(awaitLink(person.userId()).token(), NEW_PASSWORD).statusCode(200);

        for (String refreshToken : List.of(person.refreshToken(), otherSession)) {
            given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).post("/api/v2/auth/refresh")
                    .then().statusCode(401).body("code", equalTo("session_revoked"));
        }
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me").then().statusCode(401)
                .body("code", equalTo("session_revoked"));
        assertThat(Accounts.query("select count(*) from session where user_id = ? and revoked_reason = 'password_reset'",
                person.userId())).isEqualTo("2");
        assertThat(Accounts.query("select count(*) from remembered_device where user_id = ?", person.userId())).isEqualTo("0");
        // the address that was locked out may sign in with the new password at once
        Accounts.login(person.email(), NEW_PASSWORD, attacker).statusCode(200);
    }

    @Test
    void anMfaUserLandsOnTheMfaStepNeverInTheApp() {
        Accounts.Org org = Accounts.newOrg("rst-mfa");
        Accounts.Person enrolling = Accounts.person(org, List.of("user"));
        Accounts.Person enrolled = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        MfaStub.enroll(org.id(), enrolled.userId());

        forgot(enrolling.email(), Accounts.randomIp()).then().statusCode(202);
        reset(awaitLink(enrolling.userId()).token(), NEW_PASSWORD).statusCode(200)
                .body("status", equalTo("MFA_ENROLLMENT_REQUIRED")).body("mfaToken", notNullValue())
                .body("accessToken", nullValue());

        forgot(enrolled.email(), Accounts.randomIp()).then().statusCode(202);
        reset(awaitLink(enrolled.userId()).token(), NEW_PASSWORD).statusCode(200)
                .body("status", equalTo("MFA_REQUIRED")).body("accessToken", nullValue());

        // an enrolled person of an org without required MFA gets the challenge too
        Accounts.Org optional = Accounts.newOrg("rst-mfa-opt");
        Accounts.Person volunteer = Accounts.person(optional, List.of("user"));
        MfaStub.enroll(optional.id(), volunteer.userId());
        forgot(volunteer.email(), Accounts.randomIp()).then().statusCode(202);
        reset(awaitLink(volunteer.userId()).token(), NEW_PASSWORD).statusCode(200).body("status", equalTo("MFA_REQUIRED"));
    }

    @Test
    void nobodyWithoutAPasswordGetsALink() {
        Accounts.Org sso = Accounts.newOrg("rst-sso");
        Accounts.Person ssoUser = Accounts.person(sso, List.of("user"));
        Accounts.forceSettings(sso, "ssoOnly", true);
        Accounts.Org org = Accounts.newOrg("rst-none");
        Accounts.Person inactive = Accounts.person(org, List.of("user"));
        Accounts.setState(inactive.userId(), "INVITATION_REVOKED");
        Accounts.Person marker = Accounts.person(org, List.of("user"));

        forgot(ssoUser.email(), Accounts.randomIp()).then().statusCode(202);
        forgot(inactive.email(), Accounts.randomIp()).then().statusCode(202);
        forgot(marker.email(), Accounts.randomIp()).then().statusCode(202);
        awaitLink(marker.userId());
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                links(ssoUser.userId()).isEmpty() && links(inactive.userId()).isEmpty());
    }

    @Test
    void limitsRequestsPerEmailSilentlyAndPerClientAddressOpenly() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-limit"), List.of("user"));
        for (int i = 0; i < 7; i++) {
            forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        }
        // five links an hour for one email, whatever the addresses; the rest answered alike, nothing sent
        Awaitility.await().atMost(WAIT).until(() -> links(person.userId()).size() == 5);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> links(person.userId()).size() == 5);

        String client = Accounts.randomIp();
        for (int i = 0; i < 30; i++) {
            forgot("spray-" + UUID.randomUUID() + "@example.test", client).then().statusCode(202);
        }
        Response refused = forgot("spray-" + UUID.randomUUID() + "@example.test", client);
        refused.then().statusCode(429).contentType("application/problem+json").body("code", equalTo("too_many_attempts"));
        assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 15 * 60);
        forgot("spray-" + UUID.randomUUID() + "@example.test", Accounts.randomIp()).then().statusCode(202);
        // the requests never lock anyone out of signing in from that address
        Accounts.login(person.email(), person.password(), client).statusCode(200);
    }

    @Test
    void aRequestAnsweredByAProcessThatThenDiedStillGetsItsLink() throws Throwable {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-crash"), List.of("user"));
        // what a process leaves when it dies between the 202 and the commit of the link
        UUID request = UUID.randomUUID();
        Accounts.sql("insert into password_reset_request (id, email, requested_at) values (?, ?, now() - interval '5 minutes')",
                request, person.email());

        VertxContextSupport.subscribeAndAwait(() -> sweep.run());

        assertThat(links(person.userId())).hasSize(1);
        assertThat(Accounts.query("select count(*) from password_reset_request where id = ?", request)).isEqualTo("0");
        // handled once: another handler of the same request (the sweep of another instance) makes nothing
        assertThat(VertxContextSupport.subscribeAndAwait(() -> service.issue(request, person.email()))).isZero();
        assertThat(links(person.userId())).hasSize(1);
    }

    @Test
    void aHandledRequestLeavesNothingBehindForTheSweep() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rst-kept"), List.of("user"));
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        forgot(person.email(), Accounts.randomIp()).then().statusCode(202);
        forgot(unknown, Accounts.randomIp()).then().statusCode(202);
        awaitLink(person.userId());
        Awaitility.await().atMost(WAIT).until(() -> Accounts.query(
                "select count(*) from password_reset_request where email in (?, ?)", person.email(), unknown).equals("0"));
    }

    // ---------------------------------------------------------------- helpers

    private record Link(String token, Instant expiresAt) {
    }

    private static Response forgot(String email, String client) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", client).body(Map.of("email", email))
                .post("/api/v2/auth/password/forgot");
    }

    private static ValidatableResponse reset(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password, "cookie", false))
                .post("/api/v2/auth/password/reset").then();
    }

    private static long timed(String email) {
        long start = System.nanoTime();
        forgot(email, Accounts.randomIp()).then().statusCode(202);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Link awaitLink(UUID userId) {
        return awaitLinks(userId, 1).get(0);
    }

    private static List<Link> awaitLinks(UUID userId, int count) {
        Awaitility.await().atMost(WAIT).until(() -> links(userId).size() >= count);
        return links(userId);
    }

    /** The links of a person's {@code user.password_reset_requested} events, oldest first, opened as the mailer opens them. */
    private static List<Link> links(UUID userId) {
        List<Link> links = new ArrayList<>();
        for (Map<String, Object> row : dev.threshold.common.testing.TestDatabase.query(
                "select payload from outbox where type = 'user.password_reset_requested' and aggregate_id = ? order by id",
                userId.toString())) {
            try {
                JsonNode data = MAPPER.readTree((String) row.get("payload")).path("data");
                assertThat(data.path("email").asText()).isNotBlank();
                String token = InternalSeal.forPurpose(INTERNAL_TOKEN, "password-reset-mail")
                        .open(data.path("sealedToken").asText(), userId.toString());
                links.add(new Link(token, Instant.parse(data.path("expiresAt").asText())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return links;
    }
}
