package dev.threshold.mfa.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import dev.threshold.common.testing.FakeJwks;
import dev.threshold.common.testing.IdentityJwksResource;
import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.mfa.support.Api;
import dev.threshold.mfa.support.TestData;
import dev.threshold.mfa.support.Tokens;
import dev.threshold.mfa.support.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * mfa-service verifying bearers against identity-service's JWKS (here a {@link FakeJwks} behind a
 * proxy the test cuts), the way it runs outside tests: it starts and is ready while
 * identity-service is not up; a token whose key it cannot check answers
 * {@code 503 identity_unavailable} with {@code Retry-After}, never 401 or 500; a key it has seen
 * keeps working during the outage; once identity-service answers, the next request works.
 */
@QuarkusTest
@TestProfile(IdentityOutageTest.IdentityBehindProxy.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityOutageTest {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    public static class IdentityBehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IdentityJwksResource.class));
        }
    }

    @AfterEach
    void identityBack() {
        IdentityJwksResource.identityUp();
    }

    static ValidatableResponse devices(String token) {
        return Api.as(token).get("/api/v2/mfa/devices").then();
    }

    static void assertIdentityUnavailable(ValidatableResponse response) {
        response.statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("code", equalTo("identity_unavailable"))
                .body("status", equalTo(503));
    }

    @Test
    @Order(1)
    void startsReadyWithoutIdentityServiceAndAnswersTheFirstTokensOnceItIsUp() {
        // the profile starts with identity-service unreachable: we are up and ready anyway
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);
        User user = User.in(TestData.org(false));
        String token = user.accessToken();

        assertIdentityUnavailable(devices(token));
        assertIdentityUnavailable(devices(token));
        // the outage shows on the wellness checks, not on readiness
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'identity-keys' }.status", equalTo("DOWN"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);

        IdentityJwksResource.identityUp();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> devices(token).statusCode(200));
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'identity-keys' }.status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void aKnownKeyKeepsWorkingWhileIdentityServiceIsDownAndANewKeyWaitsForItsReturn() {
        User user = User.in(TestData.org(false));
        String seen = user.accessToken();
        await().atMost(RECOVERY).untilAsserted(() -> devices(seen).statusCode(200));
        // identity-service rotates to a new key, and then goes away before we saw a token of it
        KeyPair rotated = FakeJwks.newKeyPair();
        String newKid = "rotated-" + UUID.randomUUID();
        IdentityJwksResource.jwks().publish(newKid, (RSAPublicKey) rotated.getPublic());
        String signedWithNewKey = Tokens.accessSignedWith(user, newKid, rotated.getPrivate());

        IdentityJwksResource.identityDown();
        devices(seen).statusCode(200);
        devices(user.accessToken()).statusCode(200); // another token of the key we know
        Api.as(user.enrollToken(UUID.randomUUID())).get("/api/v2/mfa/devices").then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
        assertIdentityUnavailable(devices(signedWithNewKey));

        IdentityJwksResource.identityUp();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> devices(signedWithNewKey).statusCode(200));
    }

    @Test
    @Order(3)
    void quarkusOidcsOwnKeyFetchFailingIsIdentityUnavailableToo() {
        User user = User.in(TestData.org(false));
        KeyPair first = FakeJwks.newKeyPair();
        KeyPair second = FakeJwks.newKeyPair();
        String firstKid = "first-" + UUID.randomUUID();
        String secondKid = "second-" + UUID.randomUUID();
        IdentityJwksResource.jwks().publish(firstKid, (RSAPublicKey) first.getPublic())
                .publish(secondKid, (RSAPublicKey) second.getPublic());
        // our guard reads both ids; quarkus-oidc fetches only the key this token names
        await().atMost(RECOVERY).untilAsserted(() ->
                devices(Tokens.accessSignedWith(user, firstKid, first.getPrivate())).statusCode(200));
        String secondToken = Tokens.accessSignedWith(user, secondKid, second.getPrivate());

        // identity-service answers errors: the guard knows the id, quarkus-oidc cannot fetch the key
        IdentityJwksResource.jwks().failNext(1_000);
        try {
            assertIdentityUnavailable(devices(secondToken));
            // and unreachable altogether
            IdentityJwksResource.identityDown();
            assertIdentityUnavailable(devices(secondToken));
        } finally {
            IdentityJwksResource.jwks().failNext(0);
        }
        IdentityJwksResource.identityUp();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> devices(secondToken).statusCode(200));
    }

    @Test
    @Order(4)
    void aKeyIdentityServiceDoesNotPublishIsUnauthorized() {
        User user = User.in(TestData.org(false));
        await().atMost(RECOVERY).untilAsserted(() -> devices(user.accessToken()).statusCode(200));
        KeyPair nobodys = FakeJwks.newKeyPair();
        List<String> forged = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            forged.add(Tokens.accessSignedWith(user, "forged-" + UUID.randomUUID(), nobodys.getPrivate()));
        }
        int reads = IdentityJwksResource.jwks().requests();
        // within a second of a read an unlisted key id may be one just rotated to: 503 + Retry-After, then 401
        for (String token : forged) {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    devices(token).statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized")));
        }
        assertThat(IdentityJwksResource.jwks().requests() - reads)
                .as("forged key ids make at most one read of identity-service's keys per interval, polls included")
                .isLessThanOrEqualTo(forged.size());
        // a wrong signature under a published key id is refused by quarkus-oidc, as before
        devices(Tokens.foreignKey(user)).statusCode(401).body("code", equalTo("unauthorized"));
        devices("not-a-jwt").statusCode(401).body("code", equalTo("unauthorized"));
    }
}
