package dev.threshold.mfa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.security.VerifiedTokenCache;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.Otp;
import dev.threshold.common.testing.TestClock;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.Tokens;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * common's verified-token cache in front of quarkus-oidc: a bearer is verified once, later
 * requests with the same token are answered from the cache with the same identity (roles,
 * audience, claims Caller reads), and nothing expired, tampered or refused is ever served from it.
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
    void theSameTokenIsVerifiedOnceAndServedFromTheCacheWithTheSameIdentity() {
        User user = User.in(TestData.org(true));
        String token = user.accessToken();
        long stored = cache.stores();
        long hits = cache.hits();

        String first = Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200).extract().asString();
        assertThat(cache.stores()).isEqualTo(stored + 1);

        String second = Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200).extract().asString();
        Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200);
        assertThat(second).isEqualTo(first);
        assertThat(cache.stores()).as("no second verification").isEqualTo(stored + 1);
        assertThat(cache.hits()).isEqualTo(hits + 2);
    }

    @Test
    void rolesAndAudienceWorkTheSameOnACacheHit() {
        UUID org = TestData.org(true);
        User admin = User.adminOf(org);
        User user = User.in(org);
        String adminToken = admin.accessToken();
        String userToken = user.accessToken();
        for (int i = 0; i < 2; i++) {
            // @RolesAllowed("admin") reads the roles of the cached identity
            Api.as(adminToken).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(404)
                    .body("code", equalTo("user_not_found"));
            Api.as(userToken).delete("/api/v2/mfa/users/{id}/devices", user.id()).then().statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
        String challenge = user.challengeToken(UUID.randomUUID());
        for (int i = 0; i < 2; i++) {
            // Caller tells an mfaToken apart by its audience, on a hit as on a miss
            Api.as(challenge).get("/api/v2/mfa/devices").then().statusCode(403)
                    .body("code", equalTo("token_not_accepted"));
        }
    }

    @Test
    void anMfaTokenStillCarriesALoginEnrollmentAcrossRequests() {
        User user = User.in(TestData.org(true));
        String enroll = user.enrollToken(UUID.randomUUID());
        long stored = cache.stores();

        var created = Api.enroll(enroll, "Cached phone").statusCode(201).extract().jsonPath();
        Api.validate(enroll, created.getString("id"), Otp.now(created.getString("secret"))).statusCode(200);

        assertThat(cache.stores()).isEqualTo(stored + 1);
    }

    @Test
    void aTamperedTokenIsRefusedAndNotStoredEvenWhenTheOriginalIsCached() {
        User user = User.in(TestData.org(true));
        String token = user.accessToken();
        Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200);
        long stored = cache.stores();

        String[] parts = token.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String badSignature = parts[0] + "." + parts[1] + "."
                + signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A') + signature.charAt(signature.length() - 1);
        String otherClaims = Tokens.access(User.adminOf(user.orgId())).split("\\.")[1];
        String swappedPayload = parts[0] + "." + otherClaims + "." + parts[2];
        for (String tampered : new String[] {badSignature, swappedPayload, token + "x"}) {
            for (int i = 0; i < 2; i++) {
                Api.as(tampered).get("/api/v2/mfa/devices").then().statusCode(401).body("code", equalTo("unauthorized"));
            }
        }

        assertThat(cache.stores()).isEqualTo(stored);
        Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200);
    }

    @Test
    void anExpiredTokenIsRefusedEvenThoughItWasCached() {
        User user = User.in(TestData.org(true));
        String token = Tokens.access(user, claims -> claims.expiresAt(Instant.now().plusSeconds(3)));
        long stored = cache.stores();
        Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200);
        assertThat(cache.stores()).isEqualTo(stored + 1);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Api.as(token).get("/api/v2/mfa/devices").then().statusCode(401).body("code", equalTo("unauthorized")));
        assertThat(cache.get(token)).isEmpty();
    }

    @Test
    void theCacheGoesByTheServiceClock() {
        User user = User.in(TestData.org(true));
        String token = user.accessToken();
        Api.as(token).get("/api/v2/mfa/devices").then().statusCode(200);
        assertThat(cache.get(token)).isPresent();

        // past the token's exp on the service's clock: never served from the cache
        TestClock.INSTANCE.advance(Duration.ofMinutes(11));
        assertThat(cache.get(token)).isEmpty();
    }
}
