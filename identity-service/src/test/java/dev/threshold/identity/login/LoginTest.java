package dev.threshold.identity.login;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Test
    void logsInWithEmailAndPasswordAnyCase() {
        Accounts.Org org = Accounts.newOrg("login");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.login(person.email().toUpperCase(), person.password(), Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("AUTHENTICATED"))
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("user.id", equalTo(person.userId().toString()))
                .body("user.authMethod", equalTo("password"));
    }

    @Test
    void unknownEmailAndWrongPasswordLookTheSame() {
        Accounts.Org org = Accounts.newOrg("parity");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String ip = Accounts.randomIp();
        ExtractableResponse<Response> wrong = Accounts.login(person.email(), "Wrong-Password-1", ip).statusCode(401).body("code", equalTo("invalid_credentials"))
                .extract();
        ExtractableResponse<Response> unknown = Accounts.login("nobody-" + UUID.randomUUID() + "@x.test",
                "Wrong-Password-1", ip).statusCode(401).body("code", equalTo("invalid_credentials")).extract();
        assertThat(unknown.body().asString()).isEqualTo(wrong.body().asString());
        assertThat(unknown.contentType()).isEqualTo(wrong.contentType());
        assertThat(wrong.jsonPath().getString("code")).isEqualTo("invalid_credentials");

        // the unknown email is checked against a dummy hash, so it costs about what a wrong password costs
        long wrongNanos = 0;
        long unknownNanos = 0;
        for (int i = 0; i < 3; i++) {
            String attemptIp = Accounts.randomIp();
            long start = System.nanoTime();
            Accounts.login(person.email(), "Wrong-Password-" + i, attemptIp).statusCode(401).body("code", equalTo("invalid_credentials"));
            wrongNanos += System.nanoTime() - start;
            start = System.nanoTime();
            Accounts.login("nobody-" + UUID.randomUUID() + "@x.test", "Wrong-Password-" + i, attemptIp).statusCode(401).body("code", equalTo("invalid_credentials"));
            unknownNanos += System.nanoTime() - start;
        }
        assertThat((double) unknownNanos).isGreaterThan(wrongNanos * 0.5);
    }

    @Test
    void inactiveUsersCannotLogIn() {
        Accounts.Org org = Accounts.newOrg("inactive");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.setState(person.userId(), "INVITATION_REVOKED");
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(401)
                .body("code", equalTo("invalid_credentials"));
    }

    @Test
    void sixWrongPasswordsLockTheAccountForThatClientOnly() throws Exception {
        Accounts.Org org = Accounts.newOrg("lockout");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String attacker = Accounts.randomIp();
        try (BrokerTap tap = BrokerTap.listen("user.locked")) {
            for (int i = 0; i < 6; i++) {
                Accounts.login(person.email(), "Wrong-Password-" + i, attacker).statusCode(401).body("code", equalTo("invalid_credentials"));
            }
            Response locked = given().contentType(ContentType.JSON).header("X-Forwarded-For", attacker)
                    .header("Accept-Language", "de")
                    .body(Map.of("email", person.email(), "password", person.password()))
                    .post("/api/v2/auth/login");
            locked.then().statusCode(429).body("code", equalTo("too_many_attempts"));
            int retryAfter = Integer.parseInt(locked.header("Retry-After"));
            assertThat(retryAfter).isBetween(250, 300);
            assertThat(locked.jsonPath().getString("detail")).contains("Sekunden");
            tap.await(e -> e.path("data").path("userId").asText().equals(person.userId().toString())
                    && e.path("data").path("scope").asText().equals("client"), Duration.ofSeconds(20));
        }
        // the person, elsewhere, is not locked out by the attacker
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200);
    }

    @Test
    void strangersFromManyAddressesNeverLockTheOwnerOut() {
        Accounts.Org org = Accounts.newOrg("spread");
        Accounts.settings(org, Map.of("passwordPolicy", Map.of("maxFailedAttempts", 2)));
        Accounts.Person person = Accounts.person(org, List.of("user"));
        // no account-wide lock: 30 failures from 15 addresses lock those addresses only
        for (int i = 0; i < 15; i++) {
            String stranger = Accounts.randomIp();
            Accounts.login(person.email(), "Wrong-Password-" + i, stranger).statusCode(401).body("code", equalTo("invalid_credentials"));
            Accounts.login(person.email(), "Wrong-Password-" + i, stranger).statusCode(401).body("code", equalTo("invalid_credentials"));
            Accounts.login(person.email(), person.password(), stranger).statusCode(429)
                    .body("code", equalTo("too_many_attempts"));
        }
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("AUTHENTICATED"));
    }

    @Test
    void aStrangerAtOneAddressCannotLockTheOwnerAtAnother() {
        Accounts.Org org = Accounts.newOrg("stranger");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String stranger = "203.0.113." + (1 + (int) (Math.random() * 250));
        String owner = Accounts.randomIp();
        for (int i = 0; i < 10; i++) {
            Accounts.login(person.email(), "Wrong-Password-" + i, stranger)
                    .statusCode(i < 6 ? 401 : 429).body("code", equalTo(i < 6 ? "invalid_credentials" : "too_many_attempts"));
        }
        Accounts.login(person.email(), person.password(), owner).statusCode(200).body("status", equalTo("AUTHENTICATED"));
        // and the owner's own failures at their address are theirs alone: a success clears them
        Accounts.login(person.email(), "Wrong-Password-x", owner).statusCode(401).body("code", equalTo("invalid_credentials"));
        Accounts.login(person.email(), person.password(), owner).statusCode(200);
    }

    @Test
    void concurrentGuessesNeverEvaluateMorePasswordsThanTheLimit() throws Exception {
        Accounts.Org org = Accounts.newOrg("race");
        Accounts.settings(org, Map.of("passwordPolicy", Map.of("maxFailedAttempts", 2)));
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String attacker = Accounts.randomIp();
        List<String> passwords = List.of("Wrong-1", "Wrong-2", "Wrong-3", "Wrong-4", "Wrong-5", "Wrong-6");
        Map<Integer, Long> statuses = concurrently(person.email(), passwords, attacker);
        // exactly the limit was checked; every other guess was refused before hashing
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(401, 2L, 429, 4L));
        assertThat(Accounts.query("select failures from login_throttle where throttle_key = ?",
                "acct-client:" + person.userId() + ":" + attacker)).isEqualTo("6");

        // the attack of the issue: 5 wrong and the right one at once, from a fresh address
        String other = Accounts.randomIp();
        List<String> mixed = List.of("Wrong-1", "Wrong-2", person.password(), "Wrong-3", "Wrong-4", "Wrong-5");
        Map<Integer, Long> mixedStatuses = concurrently(person.email(), mixed, other);
        // the right password clears this address's failures (as it would one login after another), so
        // at most the limit of wrong guesses is checked before it and the limit after it (before: all 5)
        long rightOnes = mixedStatuses.getOrDefault(200, 0L);
        assertThat(rightOnes).isLessThanOrEqualTo(1L);
        assertThat(mixedStatuses.getOrDefault(401, 0L)).as("%s", mixedStatuses).isLessThanOrEqualTo(rightOnes == 1 ? 4L : 2L);
    }

    /** Sends the logins all at once (one thread each, released together); answers how many got each status. */
    private static Map<Integer, Long> concurrently(String email, List<String> passwords, String client)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(passwords.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (String password : passwords) {
                results.add(pool.submit(() -> {
                    start.await();
                    Response response = given().contentType(ContentType.JSON).header("X-Forwarded-For", client)
                            .body(Map.of("email", email, "password", password, "cookie", false))
                            .post("/api/v2/auth/login");
                    if (response.statusCode() == 429) {
                        assertThat(response.jsonPath().getString("code")).isEqualTo("too_many_attempts");
                        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
                    } else if (response.statusCode() == 401) {
                        assertThat(response.jsonPath().getString("code")).isEqualTo("invalid_credentials");
                    }
                    return response.statusCode();
                }));
            }
            start.countDown();
            Map<Integer, Long> counts = new java.util.TreeMap<>();
            for (java.util.concurrent.Future<Integer> result : results) {
                counts.merge(result.get(60, java.util.concurrent.TimeUnit.SECONDS), 1L, Long::sum);
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownEmailAnswersTheSameSequenceThroughTheSameCounters() {
        Accounts.Org org = Accounts.newOrg("sequence");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.Person withoutPassword = Accounts.person(org, List.of("user"));
        Accounts.sql("update app_user set password_hash = null where id = ?", withoutPassword.userId());
        String unknown = "nobody-" + UUID.randomUUID() + "@x.test";

        String knownIp = Accounts.randomIp();
        String unknownIp = Accounts.randomIp();
        String noPasswordIp = Accounts.randomIp();
        List<String> known = sequence(person.email(), knownIp);
        assertThat(known).containsExactly("401 invalid_credentials", "401 invalid_credentials",
                "401 invalid_credentials", "401 invalid_credentials", "401 invalid_credentials",
                "401 invalid_credentials", "429 too_many_attempts", "429 too_many_attempts");
        assertThat(sequence(unknown, unknownIp)).isEqualTo(known);
        assertThat(sequence(withoutPassword.email(), noPasswordIp)).isEqualTo(known);

        // the same writes: two counters (the address's and the email's from it), the same counts,
        // and the lock of the email's counter like the account's
        String counters = "select count(*) || ' ' || sum(failures) || ' ' || count(locked_until)"
                + " from login_throttle where throttle_key like ?";
        String knownCounters = Accounts.query(counters, "%:" + knownIp);
        assertThat(knownCounters).isEqualTo("2 16 1");
        assertThat(Accounts.query(counters, "%:" + unknownIp)).isEqualTo(knownCounters);
        assertThat(Accounts.query(counters, "%:" + noPasswordIp)).isEqualTo(knownCounters);
        // the table does not tell which emails were tried
        assertThat(Accounts.query("select count(*) from login_throttle where throttle_key like ?",
                "%" + unknown + "%")).isEqualTo("0");
    }

    /** Eight wrong passwords for an email from one address: "status code" of each answer. */
    private static List<String> sequence(String email, String client) {
        List<String> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Response response = given().contentType(ContentType.JSON).header("X-Forwarded-For", client)
                    .body(Map.of("email", email, "password", "Wrong-Password-" + i, "cookie", false))
                    .post("/api/v2/auth/login");
            if (response.statusCode() == 429) {
                assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(250, 300);
            }
            answers.add(response.statusCode() + " " + response.jsonPath().getString("code"));
        }
        return answers;
    }

    @Test
    void aForwardedValueThatIsNoAddressIsIgnored() {
        // the test client is on loopback, which is trusted by default (untrusted peers: ClientAddressTest);
        // a last X-Forwarded-For value that is no IP literal counts as the peer (not as the text it carries)
        String bogus = "evil-" + UUID.randomUUID();
        Accounts.login("nobody-" + UUID.randomUUID() + "@x.test", "Wrong-Password-1", "10.0.0.1, " + bogus)
                .statusCode(401).body("code", equalTo("invalid_credentials"));
        assertThat(Accounts.query("select count(*) from login_throttle where throttle_key like ?", "%" + bogus + "%"))
                .isEqualTo("0");
    }

    @Test
    void oneClientSprayingManyAccountsIsStopped() {
        String sprayer = Accounts.randomIp();
        for (int i = 0; i < 50; i++) {
            Accounts.login("spray-" + UUID.randomUUID() + "@x.test", "Password-" + i, sprayer).statusCode(401).body("code", equalTo("invalid_credentials"));
        }
        Accounts.login("spray-" + UUID.randomUUID() + "@x.test", "Password-x", sprayer).statusCode(429).body("code", equalTo("too_many_attempts"));
        Accounts.login("spray-" + UUID.randomUUID() + "@x.test", "Password-x", Accounts.randomIp()).statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void anEmailInSeveralOrgsAsksForTheOrganization() {
        Accounts.Org first = Accounts.newOrg("multi-a");
        Accounts.Org second = Accounts.newOrg("multi-b");
        Accounts.Org third = Accounts.newOrg("multi-c");
        String email = "multi-" + UUID.randomUUID() + "@x.test";
        Accounts.person(first, email, Accounts.PASSWORD, List.of("user"));
        Accounts.person(second, email, Accounts.PASSWORD, List.of("user"));
        Accounts.person(third, email, "Another-Secret-9", List.of("user"));

        Accounts.login(email, Accounts.PASSWORD, Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("ORG_SELECTION_REQUIRED"))
                .body("organizations.name", containsInAnyOrder(first.name(), second.name()))
                .body("accessToken", nullValue());
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "orgId", second.id().toString()))
                .post("/api/v2/auth/login").then().statusCode(200)
                .body("status", equalTo("AUTHENTICATED")).body("user.orgName", equalTo(second.name()));
        // a password that matches only one org logs in there directly
        Accounts.login(email, "Another-Secret-9", Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("AUTHENTICATED")).body("user.orgName", equalTo(third.name()));
    }

    @Test
    void ssoOnlyOrganizationsRefusePasswords() {
        Accounts.Org org = Accounts.newOrg("ssoonly");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.forceSettings(org, "ssoOnly", true);
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(403)
                .body("code", equalTo("sso_required"));
    }

    @Test
    void mfaRequiredOrgsGetAnMfaStepInsteadOfTokens() {
        Accounts.Org org = Accounts.newOrg("mfa");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("MFA_ENROLLMENT_REQUIRED"))
                .body("mfaToken", notNullValue()).body("expiresIn", equalTo(300))
                .body("accessToken", nullValue());
    }

    @Test
    void aHashOfOlderParametersIsUpgradedAtTheNextLogin() {
        Accounts.Person person = Accounts.person(Accounts.newOrg("rehash"), List.of("user"));
        dev.threshold.identity.password.PasswordHasher weaker = new dev.threshold.identity.password.PasswordHasher(
                new dev.threshold.identity.password.PasswordConfig() {
                    public Argon2 argon2() {
                        return new Argon2() {
                            public int memoryKib() {
                                return 4096;
                            }

                            public int iterations() {
                                return 1;
                            }

                            public int parallelism() {
                                return 1;
                            }
                        };
                    }

                    public Pool pool() {
                        return null;
                    }
                });
        Accounts.sql("update app_user set password_hash = ? where id = ?", weaker.hash(person.password()),
                person.userId());
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Accounts.query("select password_hash from app_user where id = ?", person.userId()))
                        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200);
    }

    @Test
    void badInputIsA400() {
        given().contentType(ContentType.JSON).body(Map.of("password", "x")).post("/api/v2/auth/login").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItems("/email"));
        given().contentType(ContentType.JSON).body(Map.of("email", "a@b.c")).post("/api/v2/auth/login").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItems("/password"));
        given().contentType(ContentType.JSON).body(Map.of("email", "a@b.c", "password", "x", "orgId", "nope"))
                .post("/api/v2/auth/login").then().statusCode(400).body("code", equalTo("validation_failed"));
        given().contentType(ContentType.JSON).body("[").post("/api/v2/auth/login").then().statusCode(400).body("code", equalTo("malformed_json"))
                .contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("hello").post("/api/v2/auth/login").then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }
}
