package dev.threshold.invitation.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.security.VerifiedTokenCache;
import dev.threshold.common.testing.TestTokens;
import dev.threshold.common.testing.TestClock;
import dev.threshold.invitation.support.TestData;
import dev.threshold.invitation.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * common's verified-token cache in front of quarkus-oidc: one verification per bearer, the same
 * caller (org, roles) on a cache hit, and nothing expired or tampered served from the cache.
 */
@QuarkusTest
class TokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @BeforeEach
    @AfterEach
    void realTime() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void theSameTokenIsVerifiedOnceAndKeepsItsOrgAndRoles() {
        TestData.Org org = TestData.org();
        String admin = org.adminToken();
        String user = TestTokens.user(org.id().toString());
        long stored = cache.stores();
        long hits = cache.hits();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(admin).get("/api/v2/invitations").then().statusCode(200);
            given().auth().oauth2(user).get("/api/v2/invitations").then().statusCode(403)
                    .body("code", equalTo("forbidden"));
        }

        assertThat(cache.stores()).as("one verification per token").isEqualTo(stored + 2);
        assertThat(cache.hits()).isEqualTo(hits + 4);
    }

    @Test
    void aTamperedTokenIsRefusedAndNotStored() {
        TestData.Org org = TestData.org();
        String token = org.adminToken();
        given().auth().oauth2(token).get("/api/v2/invitations").then().statusCode(200);
        long stored = cache.stores();

        String[] parts = token.split("\\.");
        String otherOrg = TestData.org().adminToken().split("\\.")[1];
        for (String tampered : new String[] {parts[0] + "." + otherOrg + "." + parts[2], token + "x", token.substring(1)}) {
            for (int i = 0; i < 2; i++) {
                given().auth().oauth2(tampered).get("/api/v2/invitations").then().statusCode(401)
                        .body("code", equalTo("unauthorized"));
            }
        }
        assertThat(cache.stores()).isEqualTo(stored);
    }

    @Test
    void anExpiredTokenIsRefusedEvenThoughItWasCached() {
        String token = Tokens.admin(TestData.org().id().toString(),
                claims -> claims.expiresAt(Instant.now().plusSeconds(3)));
        given().auth().oauth2(token).get("/api/v2/invitations").then().statusCode(200);
        assertThat(cache.get(token)).isPresent();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).get("/api/v2/invitations").then().statusCode(401)
                        .body("code", equalTo("unauthorized")));
        assertThat(cache.get(token)).isEmpty();

        String fresh = TestData.org().adminToken();
        given().auth().oauth2(fresh).get("/api/v2/invitations").then().statusCode(200);
        TestClock.INSTANCE.advance(Duration.ofHours(1));
        assertThat(cache.get(fresh)).as("past exp on the service clock").isEmpty();
    }
}
