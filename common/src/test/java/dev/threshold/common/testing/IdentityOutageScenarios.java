package dev.threshold.common.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.ValidatableResponse;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a service that verifies bearers against identity-service's JWKS does while identity-service
 * is away (here a {@link FakeJwks} behind a proxy the test cuts), the way it runs outside tests: it
 * starts and is ready while identity-service is not up; a token whose key it cannot check answers
 * {@code 503 identity_unavailable} with {@code Retry-After}, never 401 or 500; a key it has seen
 * keeps working during the outage; once identity-service answers, the next request works; a key
 * identity-service does not publish is 401.
 *
 * <p>A service's {@code IdentityOutageTest} extends this with {@code @QuarkusTest} and
 * {@code @TestProfile(IdentityOutageScenarios.IdentityBehindProxy.class)}, says who calls
 * ({@link #newCaller()}) and which endpoint ({@link #call(String)}), and may add its own
 * scenarios (order 5 and up; each ends with identity-service up again).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class IdentityOutageScenarios {

    /** How long the service may take to notice that identity-service answers again. */
    protected static final Duration RECOVERY = Duration.ofSeconds(30);

    /** The service's identity-service is a {@link FakeJwks} behind a proxy, cut at start. */
    public static class IdentityBehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IdentityJwksResource.class));
        }
    }

    /**
     * A caller the service knows (its org and user exist): the same claims, signed as asked.
     *
     * @param tokens tokens signed with the test key, which identity-service publishes as {@link TestTokens#KID}
     * @param signer the same claims signed with another key id and key
     */
    public record TestCaller(Supplier<String> tokens, BiFunction<String, PrivateKey, String> signer) {

        public String token() {
            return tokens.get();
        }

        public String signedWith(String kid, PrivateKey key) {
            return signer.apply(kid, key);
        }
    }

    /** A new caller of the service, with whatever data it needs. */
    protected abstract TestCaller newCaller();

    /** An endpoint of the service that answers 200 to a caller whose token it verified. */
    protected abstract ValidatableResponse call(String token);

    @AfterEach
    void identityBack() {
        IdentityJwksResource.identityUp();
    }

    protected static void assertIdentityUnavailable(ValidatableResponse response) {
        response.statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("code", equalTo("identity_unavailable"))
                .body("status", equalTo(503));
    }

    /** Waits until the service answers {@code token} with 200, as it does once it could check its key. */
    protected void awaitAnswered(String token) {
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> call(token).statusCode(200));
    }

    /** A token of {@code caller} signed with a key identity-service publishes from now on. */
    protected static String signedWithNewKey(TestCaller caller) {
        KeyPair rotated = FakeJwks.newKeyPair();
        String kid = "rotated-" + UUID.randomUUID();
        IdentityJwksResource.jwks().publish(kid, (RSAPublicKey) rotated.getPublic());
        return caller.signedWith(kid, rotated.getPrivate());
    }

    @Test
    @Order(1)
    void startsReadyWithoutIdentityServiceAndAnswersTheFirstTokensOnceItIsUp() {
        // the profile starts with identity-service unreachable: we are up and ready anyway
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);
        String token = newCaller().token();

        assertIdentityUnavailable(call(token));
        assertIdentityUnavailable(call(token));
        // the outage shows on the wellness checks, not on readiness
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'identity-keys' }.status", equalTo("DOWN"));
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/ready").then().statusCode(200);

        IdentityJwksResource.identityUp();
        awaitAnswered(token);
        given().baseUri(ManagementInterface.baseUri()).get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'identity-keys' }.status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void aKnownKeyKeepsWorkingWhileIdentityServiceIsDownAndANewKeyWaitsForItsReturn() {
        TestCaller caller = newCaller();
        String seen = caller.token();
        awaitAnswered(seen);
        // identity-service rotates to a new key, and then goes away before we saw a token of it
        String signedWithNewKey = signedWithNewKey(caller);

        IdentityJwksResource.identityDown();
        call(seen).statusCode(200);
        call(caller.token()).statusCode(200); // another token of the key we know
        assertIdentityUnavailable(call(signedWithNewKey));

        IdentityJwksResource.identityUp();
        awaitAnswered(signedWithNewKey);
    }

    @Test
    @Order(3)
    void quarkusOidcsOwnKeyFetchFailingIsIdentityUnavailableToo() {
        TestCaller caller = newCaller();
        KeyPair first = FakeJwks.newKeyPair();
        KeyPair second = FakeJwks.newKeyPair();
        String firstKid = "first-" + UUID.randomUUID();
        String secondKid = "second-" + UUID.randomUUID();
        IdentityJwksResource.jwks().publish(firstKid, (RSAPublicKey) first.getPublic())
                .publish(secondKid, (RSAPublicKey) second.getPublic());
        // our guard reads both ids; quarkus-oidc fetches only the key this token names
        awaitAnswered(caller.signedWith(firstKid, first.getPrivate()));
        String secondToken = caller.signedWith(secondKid, second.getPrivate());

        // identity-service answers errors: the guard knows the id, quarkus-oidc cannot fetch the key
        IdentityJwksResource.jwks().failNext(1_000);
        try {
            assertIdentityUnavailable(call(secondToken));
            // and unreachable altogether
            IdentityJwksResource.identityDown();
            assertIdentityUnavailable(call(secondToken));
        } finally {
            IdentityJwksResource.jwks().failNext(0);
        }
        IdentityJwksResource.identityUp();
        awaitAnswered(secondToken);
    }

    @Test
    @Order(4)
    void aKeyIdentityServiceDoesNotPublishIsUnauthorized() {
        TestCaller caller = newCaller();
        awaitAnswered(caller.token());
        KeyPair nobodys = FakeJwks.newKeyPair();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            forged.add(caller.signedWith("forged-" + UUID.randomUUID(), nobodys.getPrivate()));
        }
        int reads = IdentityJwksResource.jwks().requests();
        // within a second of a read an unlisted key id may be one just rotated to: 503 + Retry-After, then 401
        for (String token : forged) {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    call(token).statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized")));
        }
        assertThat(IdentityJwksResource.jwks().requests() - reads)
                .as("forged key ids make at most one read of identity-service's keys per interval, polls included")
                .isLessThanOrEqualTo(forged.size());
        // a wrong signature under a published key id is refused by quarkus-oidc, as before
        call(caller.signedWith(TestTokens.KID, nobodys.getPrivate())).statusCode(401).body("code", equalTo("unauthorized"));
        call("not-a-jwt").statusCode(401).body("code", equalTo("unauthorized"));
    }
}
