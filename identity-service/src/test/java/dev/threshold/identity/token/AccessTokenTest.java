package dev.threshold.identity.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.threshold.common.testing.TestTokens;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Operator;
import dev.threshold.common.testing.TestClock;
import dev.threshold.identity.support.Tokens;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessTokenTest {

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void publishesDiscoveryAndAnEs256Jwks() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("http://localhost:8080/regions/us-east-1"))
                .body("jwks_uri", equalTo("http://localhost:8080/.well-known/jwks.json?region=us-east-1"))
                .body("token_endpoint", equalTo("http://localhost:8080/oauth/token?region=us-east-1"))
                .body("id_token_signing_alg_values_supported", equalTo(List.of("ES256")));
        JsonPath jwks = given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json").extract().jsonPath();
        assertThat(jwks.getList("keys.kty")).containsOnly("EC");
        assertThat(jwks.getList("keys.alg")).containsOnly("ES256");
        assertThat(jwks.getList("keys.crv")).containsOnly("P-256");
        assertThat(jwks.getString("keys[0].d")).as("never the private part").isNull();
    }

    @Test
    void accessTokensCarryTheClaimsOfTheContract() {
        Accounts.Org org = Accounts.newOrg("claims");
        Accounts.Person person = Accounts.person(org, List.of("admin"));
        Map<String, Object> header = part(person.accessToken(), 0);
        Map<String, Object> claims = part(person.accessToken(), 1);
        assertThat(header).containsEntry("alg", "ES256").containsKey("kid");
        assertThat(claims).containsEntry("iss", "http://localhost:8080/regions/us-east-1")
                .containsEntry("sub", person.userId().toString()).containsEntry("org", org.id().toString())
                .containsEntry("region", "us-east-1").containsEntry("email", person.email())
                .containsEntry("roles", List.of("admin")).containsEntry("amr", List.of("pwd"))
                .containsKeys("sid", "jti", "iat", "exp");
        assertThat(claims.get("aud")).isIn("threshold", List.of("threshold"));
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(300);
    }

    @Test
    void refusesTokensThatAreNotThisRegionsAccessTokens() throws Throwable {
        String orgId = Accounts.newOrg("refuse").id().toString();
        String good = Tokens.admin(orgId);
        given().auth().oauth2(good).get("/api/v2/users").then().statusCode(200);
        // another key (the RS256 test key other services trust in their tests)
        given().auth().oauth2(TestTokens.admin(orgId)).get("/api/v2/users").then().statusCode(401).body("code", equalTo("unauthorized"));
        // a tampered payload
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"admin\"", "\"root\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(forged).get("/api/v2/users").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2("not.a.jwt").get("/api/v2/users").then().statusCode(401).body("code", equalTo("unauthorized"));
        // an mfaToken (audience threshold-mfa) opens nothing here
        AccessTokens tokens = Arc.container().instance(AccessTokens.class).get();
        String mfaToken = VertxContextSupport.subscribeAndAwait(() -> tokens.mfaToken(UUID.randomUUID(),
                UUID.fromString(orgId), "x@y.z", UUID.randomUUID(), "enroll"));
        given().auth().oauth2(mfaToken).get("/api/v2/users/me").then().statusCode(401).body("code", equalTo("unauthorized"));
        // expired
        TestClock.INSTANCE.advance(Duration.ofMinutes(11));
        given().auth().oauth2(good).get("/api/v2/users").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void rotationUnderTrafficLosesNoRequestAndOldKeysLeaveAfterTheirTokensExpired() throws Throwable {
        String orgId = Accounts.newOrg("rotate").id().toString();
        String before = Tokens.admin(orgId);
        String oldKid = (String) part(before, 0).get("kid");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
        ExecutorService traffic = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(traffic.submit(() -> {
                while (running.get()) {
                    String token = Tokens.admin(orgId); // minted with whatever key is active now
                    for (String t : List.of(token, before)) {
                        int status = given().auth().oauth2(t).get("/api/v2/users").statusCode();
                        calls.incrementAndGet();
                        if (status != 200) {
                            failures.add(status);
                        }
                    }
                }
            }));
        }
        List<String> rotatedTo = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int seen = calls.get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= seen + 10);
            rotatedTo.add(given().auth().oauth2(Operator.TOKEN).post("/api/v2/keys/rotate").then().statusCode(200)
                    .extract().path("activeKid"));
        }
        int seen = calls.get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= seen + 10);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        traffic.shutdown();
        assertThat(calls.get()).isGreaterThan(20);
        assertThat(failures).isEmpty();
        assertThat(rotatedTo).doesNotHaveDuplicates().doesNotContain(oldKid);
        given().get("/.well-known/jwks.json").then().body("keys.kid", hasItem(oldKid))
                .body("keys.kid", hasItem(rotatedTo.get(2)));

        // a token lifetime (5 min) plus skew later, the old key is no longer published nor trusted
        TestClock.INSTANCE.advance(Duration.ofMinutes(12));
        SigningKeys keys = Arc.container().instance(SigningKeys.class).get();
        VertxContextSupport.subscribeAndAwait(keys::reload);
        given().get("/.well-known/jwks.json").then().body("keys.kid", not(hasItem(oldKid)))
                .body("keys.kid", hasItem(rotatedTo.get(2)));
        given().auth().oauth2(Tokens.admin(orgId)).get("/api/v2/users").then().statusCode(200);
    }

    @Test
    void anActiveKeyThatCannotBeDecryptedIsReplacedNotFatal() throws Throwable {
        String orgId = Accounts.newOrg("kek").id().toString();
        String before = Tokens.admin(orgId);
        String oldKid = (String) part(before, 0).get("kid");
        // as if another key-encryption key had sealed it: flip a byte of the ciphertext
        Accounts.sql("update signing_key set private_key = overlay(private_key placing"
                + " decode(lpad(to_hex(get_byte(private_key, 20) # 1), 2, '0'), 'hex') from 21 for 1) where kid = ?", oldKid);
        SigningKeys keys = Arc.container().instance(SigningKeys.class).get();
        VertxContextSupport.subscribeAndAwait(keys::reload);
        String after = Tokens.admin(orgId);
        assertThat(part(after, 0).get("kid")).isNotEqualTo(oldKid);
        given().auth().oauth2(after).get("/api/v2/users").then().statusCode(200);
        given().auth().oauth2(before).get("/api/v2/users").then().statusCode(200);
        given().get("/.well-known/jwks.json").then().body("keys.kid", hasItem(oldKid));
    }

    @Test
    void rotationNeedsTheOperator() {
        given().post("/api/v2/keys/rotate").then().statusCode(401).body("code", equalTo("operator_token_required"));
        given().auth().oauth2(Tokens.admin(UUID.randomUUID().toString())).post("/api/v2/keys/rotate").then()
                .statusCode(401).body("code", equalTo("operator_token_required"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return new JsonPath(json).getMap("$");
    }
}
