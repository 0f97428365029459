package dev.threshold.identity.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.session.events.SessionRevoked;
import dev.threshold.identity.session.events.SessionRevokedConsumer;
import dev.threshold.identity.support.Accounts;
import dev.threshold.common.testing.TestClock;
import dev.threshold.identity.support.Tokens;
import dev.threshold.identity.token.AccessTokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 "Sessions": a refresh token reused inside the grace never forks the session, and
 * identity-service refuses access tokens of ended sessions (401 session_revoked) from memory.
 */
@QuarkusTest
class SessionRevocationTest {

    private static final int TABS = 10;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void tenConcurrentRefreshesOfOneTokenGetTheSameSuccessorAndOneBranch() throws Exception {
        Accounts.Person person = Accounts.person(Accounts.newOrg("fork"), List.of("user"));
        String first = person.refreshToken();
        UUID session = sessionOf(person);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService tabs = Executors.newFixedThreadPool(TABS);
        List<Future<Map<String, Object>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < TABS; i++) {
                Callable<Map<String, Object>> tab = () -> {
                    start.await();
                    var response = bodyRefresh(first).extract();
                    return Map.of("status", response.statusCode(),
                            "refreshToken", String.valueOf(response.jsonPath().getString("refreshToken")),
                            "expiresIn", String.valueOf(response.jsonPath().getString("expiresIn")));
                };
                answers.add(tabs.submit(tab));
            }
            start.countDown();
            List<String> successors = new ArrayList<>();
            for (Future<Map<String, Object>> answer : answers) {
                Map<String, Object> result = answer.get();
                assertThat(result.get("status")).isEqualTo(200);
                assertThat(result.get("expiresIn")).isEqualTo("300");
                successors.add((String) result.get("refreshToken"));
            }
            assertThat(successors).doesNotContainNull().containsOnly(successors.get(0));
            assertThat(successors.get(0)).isNotEqualTo(first);
        } finally {
            tabs.shutdown();
        }
        String successor = bodyRefresh(first).statusCode(200).extract().path("refreshToken");
        // exactly one live refresh token: one branch
        assertThat(Accounts.query("select count(*) from refresh_token where session_id = ? and used_at is null",
                session)).isEqualTo("1");
        assertThat(Accounts.query("select count(*) from refresh_token where session_id = ?", session)).isEqualTo("2");
        // the successor works once more
        String third = bodyRefresh(successor).statusCode(200).extract().path("refreshToken");
        assertThat(third).isNotEqualTo(successor).isNotEqualTo(first);
        // after the grace, the first token again is a theft: the whole session ends
        TestClock.INSTANCE.advance(Duration.ofSeconds(11));
        bodyRefresh(first).statusCode(401).body("code", equalTo("session_revoked"));
        bodyRefresh(third).statusCode(401).body("code", equalTo("session_revoked"));
    }

    @Test
    void afterLogoutTheSessionsAccessTokenIsRefusedButOthersAreNot() throws Exception {
        Accounts.Org org = Accounts.newOrg("logout-at");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String otherSession = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("accessToken");
        me(person.accessToken()).statusCode(200); // verified once, now cached
        try (BrokerTap tap = BrokerTap.listen("session.revoked")) {
            given().contentType(ContentType.JSON).body(Map.of("refreshToken", person.refreshToken()))
                    .post("/api/v2/auth/logout").then().statusCode(204);
            tap.await(e -> e.path("data").path("userId").asText().equals(person.userId().toString())
                    && e.path("data").path("reason").asText().equals("logout"), Duration.ofSeconds(20));
        }
        me(person.accessToken()).statusCode(401).body("code", equalTo("session_revoked"))
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(person.accessToken()).header("Accept-Language", "de").get("/api/v2/users/me").then()
                .statusCode(401).body("code", equalTo("session_revoked"))
                .body("detail", equalTo("Ihre Sitzung wurde beendet. Bitte melden Sie sich erneut an."));
        me(otherSession).statusCode(200);
        // a client-credentials-like token has no session: unaffected
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/users").then().statusCode(200);
    }

    @Test
    void aSessionEndedByAnotherInstanceIsRefusedOnceItsEventArrives() throws Exception {
        Accounts.Org org = Accounts.newOrg("event-at");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        UUID session = sessionOf(person);
        me(person.accessToken()).statusCode(200);
        // another instance ended it: the row changed, this instance did nothing
        Accounts.sql("update session set revoked_at = now(), revoked_reason = 'logout' where id = ?", session);
        me(person.accessToken()).statusCode(200); // no database read per request
        BrokerTap.publish("session.revoked", sessionRevoked(org.id(), person.userId(), session));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                me(person.accessToken()).statusCode(401).body("code", equalTo("session_revoked")));
    }

    @Test
    void theConsumerAloneRefusesTheSession() {
        Accounts.Org org = Accounts.newOrg("consumer-at");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        UUID session = sessionOf(person);
        me(person.accessToken()).statusCode(200);
        Arc.container().instance(SessionRevokedConsumer.class).get()
                .revoked(new SessionRevoked(session, person.userId(), org.id(), "admin"));
        me(person.accessToken()).statusCode(401).body("code", equalTo("session_revoked"));
    }

    @Test
    void aStartingInstanceLoadsTheSessionsEndedWithinATokenLifetime() {
        Accounts.Org org = Accounts.newOrg("startup-at");
        Accounts.Person recent = Accounts.person(org, List.of("user"));
        Accounts.Person old = Accounts.person(org, List.of("user"));
        Accounts.sql("update session set revoked_at = now(), revoked_reason = 'logout' where id = ?", sessionOf(recent));
        Accounts.sql("update session set revoked_at = now() - interval '10 minutes', revoked_reason = 'logout'"
                + " where id = ?", sessionOf(old));
        me(recent.accessToken()).statusCode(200);
        assertThat(Arc.container().instance(RevokedSessionsLoader.class).get().load()).isPositive();
        me(recent.accessToken()).statusCode(401).body("code", equalTo("session_revoked"));
        // ended longer ago than any token lives: not loaded (its tokens have expired anyway)
        me(old.accessToken()).statusCode(200);
    }

    @Test
    void aPasswordChangeRefusesTheOtherSessionsAccessTokensAtOnce() throws Exception {
        Accounts.Org org = Accounts.newOrg("pwd-at");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String other = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("accessToken");
        me(other).statusCode(200);
        try (BrokerTap tap = BrokerTap.listen("session.revoked")) {
            given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", person.password(), "newPassword", "Another-Horse-8-staple"))
                    .post("/api/v2/users/me/password").then().statusCode(204);
            tap.await(e -> e.path("data").path("userId").asText().equals(person.userId().toString())
                    && e.path("data").path("reason").asText().equals("password_changed"), Duration.ofSeconds(20));
        }
        me(other).statusCode(401).body("code", equalTo("session_revoked"));
        me(person.accessToken()).statusCode(200); // the session that changed it goes on
    }

    @Test
    void theVerifiedTokenCacheNeverOutlivesTheToken() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("cache-exp"), List.of("user"));
        me(person.accessToken()).statusCode(200);
        me(person.accessToken()).statusCode(200);
        TestClock.INSTANCE.advance(Duration.ofMinutes(6)); // past exp and the verifier's skew
        me(person.accessToken()).statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void accessTokensLiveAtMostFiveMinutes() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("ttl"), List.of("user"));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .body("expiresIn", org.hamcrest.Matchers.lessThanOrEqualTo(300));
        assertThatThrownBy(() -> AccessTokens.requireShortLived(Duration.ofSeconds(301)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("access-token-ttl");
        assertThatThrownBy(() -> AccessTokens.requireShortLived(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
        AccessTokens.requireShortLived(Duration.ofMinutes(5));
    }

    private static UUID sessionOf(Accounts.Person person) {
        return UUID.fromString(Accounts.query(
                "select id from session where user_id = ? order by created_at limit 1", person.userId()));
    }

    private static ValidatableResponse me(String accessToken) {
        return given().auth().oauth2(accessToken).get("/api/v2/users/me").then();
    }

    private static ValidatableResponse bodyRefresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/v2/auth/refresh").then();
    }

    private static String sessionRevoked(UUID orgId, UUID userId, UUID sessionId) {
        return """
                {"specversion":"1.0","id":"%s","source":"/threshold/us-east-1/identity-service","type":"threshold.session.revoked.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json","orgid":"%s","region":"us-east-1",
                 "data":{"sessionId":"%s","userId":"%s","orgId":"%s","reason":"admin"}}"""
                .formatted(UUID.randomUUID(), sessionId, Instant.now(), orgId, sessionId, userId, orgId);
    }
}
