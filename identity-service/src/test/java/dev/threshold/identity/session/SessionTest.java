package dev.threshold.identity.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.common.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionTest {

    private static final String COOKIE = "threshold_refresh_us-east-1";

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void cookieRefreshNeedsTheCsrfHeaderAndRotatesTheCookie() {
        String cookie = cookieLogin();
        given().cookie(COOKIE, cookie).post("/api/v2/auth/refresh").then().statusCode(403)
                .body("code", equalTo("csrf_header_missing"));
        Response refreshed = given().cookie(COOKIE, cookie).header("X-Requested-With", "fetch")
                .post("/api/v2/auth/refresh");
        refreshed.then().statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("accessToken", notNullValue()).body("refreshToken", nullValue())
                .body("user.authMethod", equalTo("password"));
        String next = refreshed.getCookie(COOKIE);
        assertThat(next).isNotBlank().isNotEqualTo(cookie);
        assertThat(refreshed.getHeader("Set-Cookie")).contains("HttpOnly").contains("Path=/api/v2/auth");
        given().cookie(COOKIE, next).header("X-Requested-With", "fetch").post("/api/v2/auth/refresh").then()
                .statusCode(200);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeSession() throws Exception {
        Accounts.Person person = Accounts.person(Accounts.newOrg("reuse"), List.of("user"));
        String first = person.refreshToken();
        String second = bodyRefresh(first).statusCode(200).extract().path("refreshToken");
        TestClock.INSTANCE.advance(Duration.ofSeconds(11)); // past the grace for two tabs refreshing at once
        try (BrokerTap tap = BrokerTap.listen("session.revoked")) {
            bodyRefresh(first).statusCode(401).body("code", equalTo("session_revoked"));
            tap.await(e -> e.path("data").path("userId").asText().equals(person.userId().toString())
                    && e.path("data").path("reason").asText().equals("refresh_token_reuse"), Duration.ofSeconds(20));
        }
        // the thief's copy and the person's current token are both dead now
        bodyRefresh(second).statusCode(401).body("code", equalTo("session_revoked"));
    }

    @Test
    void twoTabsRefreshingWithTheSameTokenAtOnceKeepTheSession() throws Exception {
        Accounts.Person person = Accounts.person(Accounts.newOrg("tabs"), List.of("user"));
        java.util.concurrent.ExecutorService tabs = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> answers = tabs.invokeAll(List.of(
                    () -> bodyRefresh(person.refreshToken()).extract().statusCode(),
                    () -> bodyRefresh(person.refreshToken()).extract().statusCode()));
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            tabs.shutdown();
        }
        // a third presentation a few seconds later still counts as the same race
        bodyRefresh(person.refreshToken()).statusCode(200);
    }

    @Test
    void aSessionEndsAfterTwentyIdleDaysAndSlidesWhileUsed() {
        Accounts.Org org = Accounts.newOrg("idle");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String token = person.refreshToken();
        TestClock.INSTANCE.advance(Duration.ofDays(19));
        token = bodyRefresh(token).statusCode(200).extract().path("refreshToken");
        TestClock.INSTANCE.advance(Duration.ofDays(19));
        token = bodyRefresh(token).statusCode(200).extract().path("refreshToken");
        TestClock.INSTANCE.advance(Duration.ofDays(20).plusMinutes(1));
        bodyRefresh(token).statusCode(401).body("code", equalTo("session_expired"));
    }

    @Test
    void theIdleLimitIsTheOrganizations() {
        Accounts.Org org = Accounts.newOrg("idle2");
        Accounts.settings(org, Map.of("sessionIdleDays", 2));
        Accounts.Person person = Accounts.person(org, List.of("user"));
        TestClock.INSTANCE.advance(Duration.ofDays(2).plusSeconds(1));
        bodyRefresh(person.refreshToken()).statusCode(401).body("code", equalTo("session_expired"));
    }

    @Test
    void aSessionEndsAfterTheAbsoluteLifetimeHoweverActive() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("absolute"), List.of("user"));
        String token = person.refreshToken();
        for (int i = 0; i < 5; i++) { // day 89
            TestClock.INSTANCE.advance(Duration.ofDays(i == 4 ? 17 : 18));
            token = bodyRefresh(token).statusCode(200).extract().path("refreshToken");
        }
        TestClock.INSTANCE.advance(Duration.ofDays(1));
        bodyRefresh(token).statusCode(401).body("code", equalTo("session_expired"));
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        String cookie = cookieLogin();
        given().cookie(COOKIE, cookie).post("/api/v2/auth/logout").then().statusCode(403).body("code", equalTo("csrf_header_missing"));
        Response logout = given().cookie(COOKIE, cookie).header("X-Requested-With", "fetch")
                .post("/api/v2/auth/logout");
        logout.then().statusCode(204);
        assertThat(logout.getHeader("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
        Response after = given().cookie(COOKIE, cookie).header("X-Requested-With", "fetch")
                .post("/api/v2/auth/refresh");
        after.then().statusCode(401).body("code", equalTo("session_revoked"));
        assertThat(after.getHeader("Set-Cookie")).contains("Max-Age=0");
    }

    @Test
    void severalSessionsOfOnePersonLiveSideBySide() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("multi"), List.of("user"));
        String other = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("refreshToken");
        bodyRefresh(person.refreshToken()).statusCode(200);
        bodyRefresh(other).statusCode(200);
    }

    @Test
    void missingOrUnknownTokensAre401() {
        given().post("/api/v2/auth/refresh").then().statusCode(401).body("code", equalTo("refresh_token_missing"));
        bodyRefresh("not-a-token").statusCode(401).body("code", equalTo("session_expired"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "")).post("/api/v2/auth/refresh").then()
                .statusCode(400).body("code", equalTo("validation_failed"));
        given().contentType(ContentType.JSON).body("{\"refreshToken\": [1]}").post("/api/v2/auth/refresh").then()
                .statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void cleanupDropsEndedSessionsButKeepsLiveOnes() throws Throwable {
        Accounts.Person ended = Accounts.person(Accounts.newOrg("cleanup"), List.of("user"));
        Accounts.Person live = Accounts.person(Accounts.newOrg("cleanup-live"), List.of("user"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", ended.refreshToken()))
                .post("/api/v2/auth/logout").then().statusCode(204);
        TestClock.INSTANCE.advance(Duration.ofDays(8));
        bodyRefresh(live.refreshToken()).statusCode(200);
        SessionCleanup cleanup = io.quarkus.arc.Arc.container().instance(SessionCleanup.class).get();
        assertThat(io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(cleanup::run)).isPositive();
        assertThat(Accounts.query("select count(*) from session where user_id = ?", ended.userId())).isEqualTo("0");
        assertThat(Accounts.query("select count(*) from session where user_id = ?", live.userId())).isEqualTo("1");
    }

    private static String cookieLogin() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("cookie"), List.of("user"));
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("email", person.email(), "password", person.password())).post("/api/v2/auth/login");
        login.then().statusCode(200).body("refreshToken", nullValue());
        return login.getCookie(COOKIE);
    }

    private static io.restassured.response.ValidatableResponse bodyRefresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/v2/auth/refresh").then();
    }
}
