package dev.threshold.identity.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeResourceTest {

    @Test
    void showsAndUpdatesMyProfile() {
        Accounts.Org org = Accounts.newOrg("me");
        Accounts.Person person = Accounts.person(org, List.of("admin"));
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me").then().statusCode(200)
                .body("id", equalTo(person.userId().toString()))
                .body("orgId", equalTo(org.id().toString())).body("orgName", equalTo(org.name()))
                .body("region", equalTo("us-east-1")).body("locale", equalTo("fr"))
                .body("roles", equalTo(List.of("admin"))).body("name", equalTo("Ina Vitee"))
                .body("mfa.enrolled", equalTo(false)).body("mfa.required", equalTo(false))
                .body("authMethod", equalTo("password"));
        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("locale", "pt_br", "name", "  Ina V.  ")).patch("/api/v2/users/me").then().statusCode(200)
                .body("locale", equalTo("pt-BR")).body("name", equalTo("Ina V."));
        Accounts.settings(org, Map.of("mfaRequired", true));
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me").then().body("mfa.required", equalTo(true));
    }

    @Test
    void refusesUnsupportedLocalesAndBadInput() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("me-bad"), List.of("user"));
        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON).body(Map.of("locale", "tlh"))
                .patch("/api/v2/users/me").then().statusCode(400).body("code", equalTo("unsupported_locale"));
        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON).body(Map.of("name", ""))
                .patch("/api/v2/users/me").then().statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItems("/name"));
        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON).body("{\"locale\": 1, ")
                .patch("/api/v2/users/me").then().statusCode(400).body("code", equalTo("malformed_json"));
        given().get("/api/v2/users/me").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aTokenForSomeoneWhoIsNotAUserHereIs404() {
        Accounts.Org org = Accounts.newOrg("me-ghost");
        given().auth().oauth2(Tokens.token(UUID.randomUUID(), org.id().toString(), List.of("user")))
                .get("/api/v2/users/me").then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void changesThePasswordWithPolicyAndHistoryAndEndsOtherSessions() {
        Accounts.Org org = Accounts.newOrg("pw");
        Accounts.settings(org, Map.of("passwordPolicy", Map.of("historySize", 2)));
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String otherSession = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("refreshToken");

        change(person, "Wrong-Current-1", "Brand-New-Secret-1").statusCode(400)
                .body("code", equalTo("current_password_incorrect"));
        change(person, person.password(), "weak").statusCode(400).body("code", equalTo("password_policy"))
                .body("errors.pointer", hasItems("/newPassword"));
        change(person, person.password(), person.password()).statusCode(400).body("code", equalTo("password_policy"))
                .body("errors.code", hasItems("reused"));
        change(person, person.password(), "Brand-New-Secret-1").statusCode(204);

        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(401).body("code", equalTo("invalid_credentials"));
        Accounts.login(person.email(), "Brand-New-Secret-1", Accounts.randomIp()).statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", otherSession)).post("/api/v2/auth/refresh")
                .then().statusCode(401).body("code", equalTo("session_revoked"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", person.refreshToken()))
                .post("/api/v2/auth/refresh").then().statusCode(200);

        // history 2: the first password is still remembered after one change, forgotten after two
        Accounts.Person renamed = new Accounts.Person(person.orgId(), person.email(), "Brand-New-Secret-1",
                person.userId(), person.accessToken(), person.refreshToken());
        change(renamed, "Brand-New-Secret-1", person.password()).statusCode(400).body("errors.code", hasItems("reused"));
        change(renamed, "Brand-New-Secret-1", "Third-Secret-Here-3").statusCode(204);
        Accounts.Person third = new Accounts.Person(person.orgId(), person.email(), "Third-Secret-Here-3",
                person.userId(), person.accessToken(), person.refreshToken());
        change(third, "Third-Secret-Here-3", person.password()).statusCode(204);
    }

    /**
     * ASVS 2.2.3: a changed password is told to its owner ({@code user.security_changed}, mailed by
     * invitation-service), so a thief who changed it in a stolen session does not go unnoticed; the
     * event names the person, never the password or a token; a refused change tells nobody.
     */
    @Test
    void aPasswordChangeTellsThePersonThroughTheBrokerWithoutASecret() throws Exception {
        Accounts.Org org = Accounts.newOrg("pw-notice");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String userId = person.userId().toString();
        try (BrokerTap tap = BrokerTap.listen("user.security_changed")) {
            change(person, "Wrong-Current-1", "Brand-New-Secret-1").statusCode(400)
                    .body("code", equalTo("current_password_incorrect"));
            Instant before = Instant.now().minusSeconds(5);
            change(person, person.password(), "Brand-New-Secret-1").statusCode(204);

            JsonNode event = tap.await(e -> e.path("data").path("userId").asText().equals(userId),
                    Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.user.security_changed.v1");
            assertThat(event.path("subject").asText()).isEqualTo(userId);
            assertThat(event.path("orgid").asText()).isEqualTo(org.id().toString());
            JsonNode data = event.path("data");
            assertThat(data.path("change").asText()).isEqualTo("password_changed");
            assertThat(data.path("orgId").asText()).isEqualTo(org.id().toString());
            assertThat(data.path("orgName").asText()).isEqualTo(org.name());
            assertThat(data.path("deviceName").isMissingNode() || data.path("deviceName").isNull()).isTrue();
            assertThat(Instant.parse(data.path("time").asText())).isAfter(before);
            JsonNode recipient = data.path("recipient");
            assertThat(recipient.path("email").asText()).isEqualTo(person.email());
            assertThat(recipient.path("name").asText()).isEqualTo("Ina Vitee");
            assertThat(recipient.path("locale").asText()).isEqualTo("fr");
            String raw = event.toString();
            assertThat(raw).doesNotContain(person.password(), "Brand-New-Secret-1", "Wrong-Current-1",
                    person.accessToken(), person.refreshToken());
            assertThat(raw.toLowerCase()).doesNotContain("password_hash", "$argon2");
            // the wrong current password before it told nobody: this is the person's only notice
            Thread.sleep(1000);
            assertThat(tap.count(e -> e.path("data").path("userId").asText().equals(userId))).isEqualTo(1);
        }
    }

    @Test
    void signsOutEverywhereElseAtOnceAndOnlyThisPersonsSessions() {
        Accounts.Org org = Accounts.newOrg("me-elsewhere");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.Person colleague = Accounts.person(org, List.of("user"));
        Map<String, String> stolen = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().jsonPath().getMap("", String.class, String.class);
        String alsoStolen = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("refreshToken");
        given().auth().oauth2(stolen.get("accessToken")).get("/api/v2/users/me").then().statusCode(200);

        given().auth().oauth2(person.accessToken()).delete("/api/v2/users/me/sessions").then().statusCode(200)
                .body("sessionsEnded", equalTo(2));

        // the other sessions' refresh tokens and access tokens stop working at once
        for (String refresh : List.of(stolen.get("refreshToken"), alsoStolen)) {
            given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/v2/auth/refresh")
                    .then().statusCode(401).body("code", equalTo("session_revoked"));
        }
        given().auth().oauth2(stolen.get("accessToken")).get("/api/v2/users/me").then().statusCode(401);
        // the calling session goes on, and nobody else's session ended
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", person.refreshToken()))
                .post("/api/v2/auth/refresh").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", colleague.refreshToken()))
                .post("/api/v2/auth/refresh").then().statusCode(200);
        assertThat(Accounts.query("select count(*) from session where user_id = ? and revoked_reason = 'signed_out_elsewhere'",
                person.userId())).isEqualTo("2");

        // nothing else to end: 0; no token: 401
        given().auth().oauth2(person.accessToken()).delete("/api/v2/users/me/sessions").then().statusCode(200)
                .body("sessionsEnded", equalTo(0));
        given().delete("/api/v2/users/me/sessions").then().statusCode(401);
    }

    @Test
    void passwordChangeRefusesBadInput() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("pw-bad"), List.of("user"));
        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON).body(Map.of("newPassword", "x"))
                .post("/api/v2/users/me/password").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItems("/currentPassword"));
        given().contentType(ContentType.JSON).body(Map.of("currentPassword", "x", "newPassword", "y"))
                .post("/api/v2/users/me/password").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void wrongCurrentPasswordsCountTowardTheLockout() {
        Accounts.Org org = Accounts.newOrg("me-throttle");
        Accounts.settings(org, Map.of("passwordPolicy", Map.of("maxFailedAttempts", 2)));
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String thief = "10.77." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250));
        change(person, "Guess-1", "Brand-New-Secret-1", thief).statusCode(400)
                .body("code", equalTo("current_password_incorrect"));
        change(person, "Guess-2", "Brand-New-Secret-1", thief).statusCode(400)
                .body("code", equalTo("current_password_incorrect"));
        // over the limit: refused before the password is checked, even the right one
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> refused =
                change(person, person.password(), "Brand-New-Secret-1", thief).statusCode(429)
                        .body("code", equalTo("too_many_attempts")).extract();
        assertThat(Integer.parseInt(refused.header("Retry-After")))
                .isBetween(1, 300);
        // the same (account, client) counter as logins: the password login from there is locked too
        Accounts.login(person.email(), person.password(), thief).statusCode(429).body("code", equalTo("too_many_attempts"));
        // the owner elsewhere is not
        change(person, person.password(), "Brand-New-Secret-1", Accounts.randomIp()).statusCode(204);
    }

    private static io.restassured.response.ValidatableResponse change(Accounts.Person person, String current,
            String next) {
        return given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/api/v2/users/me/password").then();
    }

    private static io.restassured.response.ValidatableResponse change(Accounts.Person person, String current,
            String next, String client) {
        return given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON)
                .header("X-Forwarded-For", client)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/api/v2/users/me/password").then();
    }
}
