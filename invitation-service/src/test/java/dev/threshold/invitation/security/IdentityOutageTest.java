package dev.threshold.invitation.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import dev.threshold.common.testing.FakeJwks;
import dev.threshold.common.testing.IdentityJwksResource;
import dev.threshold.common.testing.ManagementInterface;
import dev.threshold.invitation.support.TestData;
import dev.threshold.invitation.support.Tokens;
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
 * invitation-service verifying bearers against identity-service's JWKS (a {@link FakeJwks} behind
 * a proxy the test cuts): it starts and is ready without identity-service; a token whose key it
 * cannot check is {@code 503 identity_unavailable} with {@code Retry-After}, never 401 or 500; a
 * key it has seen keeps working during the outage; when identity-service is back, the next request works.
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

    static ValidatableResponse invitations(String token) {
        return given().auth().oauth2(token).get("/api/v2/invitations").then();
    }

    static void assertIdentityUnavailable(ValidatableResponse response) {
        response.statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("code", equalTo("identity_unavailable"))
                .body("status", equalTo(503));
    }

    @Test
    @Order(1)
    void startsReadyWithoutIdentityServiceAndAnswersOnceItIsUp() {
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);
        TestData.Org org = TestData.org();
        String token = org.adminToken();

        assertIdentityUnavailable(invitations(token));
        // public endpoints never look at a bearer
        given().get("/api/v2/invitations/service-info").then().statusCode(200);
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);

        IdentityJwksResource.identityUp();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> invitations(token).statusCode(200));
    }

    @Test
    @Order(2)
    void aKnownKeyKeepsWorkingWhileIdentityServiceIsDownAndANewKeyWaitsForItsReturn() {
        TestData.Org org = TestData.org();
        String seen = org.adminToken();
        await().atMost(RECOVERY).untilAsserted(() -> invitations(seen).statusCode(200));
        KeyPair rotated = FakeJwks.newKeyPair();
        String newKid = "rotated-" + UUID.randomUUID();
        IdentityJwksResource.jwks().publish(newKid, (RSAPublicKey) rotated.getPublic());
        String signedWithNewKey = Tokens.adminSignedWith(org.id().toString(), newKid, rotated.getPrivate());

        IdentityJwksResource.identityDown();
        invitations(seen).statusCode(200);
        invitations(org.adminToken()).statusCode(200);
        assertIdentityUnavailable(invitations(signedWithNewKey));
        // the body of a write is not read before the caller is known
        given().auth().oauth2(signedWithNewKey).contentType("application/json").body("{not json")
                .post("/api/v2/invitations").then().statusCode(503).body("code", equalTo("identity_unavailable"));

        IdentityJwksResource.identityUp();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> invitations(signedWithNewKey).statusCode(200));
    }

    @Test
    @Order(3)
    void aKeyIdentityServiceDoesNotPublishIsUnauthorized() {
        TestData.Org org = TestData.org();
        await().atMost(RECOVERY).untilAsserted(() -> invitations(org.adminToken()).statusCode(200));
        String forged = Tokens.adminSignedWith(org.id().toString(), "forged-" + UUID.randomUUID(),
                FakeJwks.newKeyPair().getPrivate());
        // within a second of a read an unlisted key id may be one just rotated to: 503 + Retry-After, then 401
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> invitations(forged)
                .statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized")));
        invitations(Tokens.foreignKey(org.id().toString())).statusCode(401).body("code", equalTo("unauthorized"));
    }
}
