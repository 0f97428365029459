package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, points 1 to 3 and the password-change throttle, replayed through the gateway: several
 * clients stand in by {@code X-Forwarded-For} (the gateway trusts loopback locally and passes on the
 * one address it believes). A stranger cannot lock the owner out, made-up emails cannot lock the
 * region, parallel guesses never exceed the limit, unknown and known emails answer alike, and wrong
 * current passwords in My Account run into the same lockout.
 */
@Order(20)
@DisplayName("Security: lockout attacks (stranger lock, spraying, parallel guesses, enumeration, password change)")
class LockoutAttackTest {

    private static final String REGION = "eu-central-1";
    private static final String PASSWORD = "Quiet-Harbor-Lantern-42";

    /** An org's first admin, logged in through the invitation email. */
    private record Owner(String email, String accessToken) {
    }

    @Test
    @DisplayName("(a) ten failures of a stranger do not lock the owner at another address")
    void aStrangerCannotLockTheOwnerOut() throws Exception {
        Owner owner = newOwner("stranger");
        List<Integer> stranger = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Response response = login(owner.email(), "Wrong-Password-" + i, "203.0.113.7");
            assertThat(response.statusCode()).as(response.asString()).isIn(401, 429);
            E2e.assertProblem(response, response.statusCode(),
                    response.statusCode() == 401 ? "invalid_credentials" : "too_many_attempts");
            stranger.add(response.statusCode());
        }
        // the stranger's own address is locked (the org policy: 6 failures) ...
        assertThat(stranger.subList(6, 10)).containsOnly(429);
        Response locked = login(owner.email(), PASSWORD, "203.0.113.7");
        E2e.assertProblem(locked, 429, "too_many_attempts");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isPositive();
        // ... the owner's is not
        Response ownLogin = login(owner.email(), PASSWORD, "198.51.100.9");
        assertThat(ownLogin.statusCode()).as(ownLogin.asString()).isEqualTo(200);
        assertThat(ownLogin.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
    }

    @Test
    @DisplayName("(b) 60 failures on made-up emails from one client do not lock another client's login")
    void sprayingMadeUpEmailsLocksOnlyTheSprayer() throws Exception {
        Owner owner = newOwner("spray");
        String sprayer = randomAddress();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Response response = login("nobody-" + UUID.randomUUID() + "@spray.test", "Password-" + i, sprayer);
            statuses.add(response.statusCode());
            E2e.assertProblem(response, response.statusCode(),
                    response.statusCode() == 401 ? "invalid_credentials" : "too_many_attempts");
        }
        // the sprayer's address locks after 50 (threshold.login.client-max-failures) ...
        assertThat(statuses.subList(0, 50)).containsOnly(401);
        assertThat(statuses.subList(50, 60)).containsOnly(429);
        E2e.assertProblem(login(owner.email(), PASSWORD, sprayer), 429, "too_many_attempts");
        // ... every other client logs in as ever
        Response other = login(owner.email(), PASSWORD, randomAddress());
        assertThat(other.statusCode()).as(other.asString()).isEqualTo(200);
        assertThat(other.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        E2e.assertProblem(login("nobody-" + UUID.randomUUID() + "@spray.test", "Password-x", randomAddress()), 401,
                "invalid_credentials");
    }

    @Test
    @DisplayName("(c) parallel guesses never evaluate more passwords than maxFailedAttempts")
    void parallelGuessesNeverExceedTheLimit() throws Exception {
        Owner owner = newOwner("race");
        Response patched = E2e.gateway().auth().oauth2(owner.accessToken()).contentType("application/json")
                .body(Map.of("settings", Map.of("passwordPolicy", Map.of("maxFailedAttempts", 2))))
                .patch("/api/v2/orgs/me");
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);

        // six wrong guesses at once: exactly two are checked, four refused before hashing
        String attacker = randomAddress();
        Map<Integer, Long> wrong = concurrently(owner.email(),
                List.of("Wrong-1", "Wrong-2", "Wrong-3", "Wrong-4", "Wrong-5", "Wrong-6"), attacker);
        assertThat(wrong).containsExactlyInAnyOrderEntriesOf(Map.of(401, 2L, 429, 4L));

        // the attack of the issue: five wrong and the right one at once (it gave 401 x5 then 200)
        String other = randomAddress();
        Map<Integer, Long> mixed = concurrently(owner.email(),
                List.of("Wrong-1", "Wrong-2", "Wrong-3", PASSWORD, "Wrong-4", "Wrong-5"), other);
        // the right password clears this address's failures (as it would one login after another), so
        // at most the limit of wrong guesses is checked before it and the limit after it (before: all 5)
        long rightOnes = mixed.getOrDefault(200, 0L);
        assertThat(rightOnes).as("%s", mixed).isLessThanOrEqualTo(1L);
        assertThat(mixed.getOrDefault(401, 0L)).as("%s", mixed).isLessThanOrEqualTo(rightOnes == 1 ? 4L : 2L);

        // the owner elsewhere is untouched
        Response own = login(owner.email(), PASSWORD, randomAddress());
        assertThat(own.statusCode()).as(own.asString()).isEqualTo(200);
    }

    @Test
    @DisplayName("(d) a known and an unknown email answer the same status sequence")
    void knownAndUnknownEmailsAnswerAlike() throws Exception {
        Owner owner = newOwner("enum");
        List<String> known = sequence(owner.email(), randomAddress());
        List<String> unknown = sequence("nobody-" + UUID.randomUUID() + "@enum.test", randomAddress());
        assertThat(known).containsExactly("401 invalid_credentials", "401 invalid_credentials",
                "401 invalid_credentials", "401 invalid_credentials", "401 invalid_credentials",
                "401 invalid_credentials", "429 too_many_attempts", "429 too_many_attempts");
        assertThat(unknown).isEqualTo(known);
    }

    @Test
    @DisplayName("(e) wrong current passwords in My Account run into the lockout (429)")
    void passwordChangeGuessesAreThrottled() throws Exception {
        Owner owner = newOwner("change");
        String thief = randomAddress();
        for (int i = 0; i < 6; i++) {
            E2e.assertProblem(changePassword(owner, "Guess-" + i, thief), 400, "current_password_incorrect");
        }
        Response refused = changePassword(owner, PASSWORD, thief);
        E2e.assertProblem(refused, 429, "too_many_attempts");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        // the same (account, client) counter as the login
        E2e.assertProblem(login(owner.email(), PASSWORD, thief), 429, "too_many_attempts");
        Response own = login(owner.email(), PASSWORD, randomAddress());
        assertThat(own.statusCode()).as(own.asString()).isEqualTo(200);
    }

    private static Response changePassword(Owner owner, String current, String client) {
        return E2e.gateway().auth().oauth2(owner.accessToken()).header("X-Forwarded-For", client)
                .contentType("application/json")
                .body(Map.of("currentPassword", current, "newPassword", "Lockout-New-Secret-43"))
                .post("/api/v2/users/me/password");
    }

    private static Response login(String email, String password, String client) {
        return E2e.gateway().header("X-Region", REGION).header("X-Forwarded-For", client)
                .contentType("application/json")
                .body(Map.of("email", email, "password", password, "cookie", false))
                .post("/api/v2/auth/login");
    }

    /** Eight wrong passwords from one address: "status code" of each answer. */
    private static List<String> sequence(String email, String client) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Response response = login(email, "Wrong-Password-" + i, client);
            if (response.statusCode() == 429) {
                assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 300);
            }
            answers.add(response.statusCode() + " " + response.jsonPath().getString("code"));
        }
        return answers;
    }

    /** The logins all at once (one thread each, released together): how many got each status. */
    private static Map<Integer, Long> concurrently(String email, List<String> passwords, String client)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(passwords.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (String password : passwords) {
                Callable<Integer> call = () -> {
                    start.await();
                    Response response = login(email, password, client);
                    if (response.statusCode() != 200) {
                        E2e.assertProblem(response, response.statusCode(),
                                response.statusCode() == 401 ? "invalid_credentials" : "too_many_attempts");
                    }
                    return response.statusCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            Map<Integer, Long> counts = new TreeMap<>();
            for (Future<Integer> result : results) {
                counts.merge(result.get(60, TimeUnit.SECONDS), 1L, Long::sum);
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A documentation-range address (198.18.0.0/15) of its own for each use, so reruns never collide. */
    private static String randomAddress() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /** A new org in {@link #REGION}; its first admin follows the invitation email and sets {@link #PASSWORD}. */
    private static Owner newOwner(String prefix) throws Exception {
        String email = Tenants.createOrg(REGION, "lockout-" + prefix).adminEmail();
        Response accepted = Tenants.acceptInvitation(REGION, email, PASSWORD, false);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        return new Owner(email, accepted.jsonPath().getString("accessToken"));
    }
}
