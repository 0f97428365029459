package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: a service process is killed with SIGKILL in the middle of work, then {@code
 * ./threshold up} brings it back. Nothing is half-written: invitations of an interrupted bulk exist
 * once each and every one gets its email; refresh chains and an MFA login interrupted by the crash
 * continue or end cleanly, and no session forks.
 */
@Order(92)
@DisplayName("Fault: kill -9 mid-bulk and mid-refresh -> nothing half-written after ./threshold up")
class FaultProcessCrashTest {

    private static final String REGION = "us-east-1";
    private static final String DB = "threshold_us_east_1";
    private static final int BULK = 500;
    /** Sends in flight when a process dies may go out again (at-least-once): 4 workers x 20 per batch. */
    private static final int IN_FLIGHT_BOUND = 80;

    @Test
    void invitationServiceKilledMidBulk() throws Exception {
        String victim = "invitation-" + REGION;
        assumeTrue(Processes.managedHere(victim), "system not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "crash-bulk");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            String email = "bulk-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.name() + ".test";
            emails.add(email);
            rows.add(Map.of("email", email, "name", "P" + i, "roles", List.of("user")));
        }
        String idempotencyKey = "crash-" + UUID.randomUUID();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> bulk(org, rows, idempotencyKey).statusCode());
        boolean restored = false;
        try {
            // in the middle: the bulk is committed and its emails are going out
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() ->
                    InvitationJourneyTest.count(DB, "select count(*) from invitation.invitation_send"
                            + " where org_id = ?::uuid and status = 'SENT'", org.id()) > 1);
            Processes.killHard(victim);
            System.out.println("first bulk answered " + first.handle((s, e) -> e == null ? s : -1).get(30, TimeUnit.SECONDS));
            assertThat(Processes.started(Processes.thresholdUp())).containsExactly(victim);
            restored = true;
        } finally {
            if (!restored) {
                Processes.thresholdUp();
            }
        }
        // the script does not know whether its bulk went through: it repeats it with the same key
        Response again = bulk(org, rows, idempotencyKey);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getList("results.status", Integer.class)).hasSize(BULK).containsOnly(201);
        assertThat(InvitationJourneyTest.count(DB, "select count(*) from invitation.invitation where org_id = ?::uuid"
                + " and status = 'PENDING'", org.id())).isEqualTo(BULK);
        assertThat(InvitationJourneyTest.count(DB, "select count(*) - count(distinct email_key) from invitation.invitation"
                + " where org_id = ?::uuid", org.id())).as("duplicate invitations").isZero();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(InvitationJourneyTest.count(DB, "select count(distinct invitation_id) from invitation.invitation_send"
                        + " where org_id = ?::uuid and status = 'SENT'", org.id())).isEqualTo(BULK + 1));
        int duplicates = 0;
        for (String email : emails) {
            int count = Mailbox.count(email);
            assertThat(count).as("emails to %s", email).isGreaterThanOrEqualTo(1);
            duplicates += count - 1;
        }
        System.out.println("emails sent twice because they were in flight at the crash: " + duplicates);
        assertThat(duplicates).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    }

    @Test
    void identityServiceKilledMidRefreshAndMfaLogin() throws Exception {
        String victim = "identity-" + REGION;
        assumeTrue(Processes.managedHere(victim), "system not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "crash-sessions");
        // the MFA login belongs to another org: a password session of an org that requires MFA gets the
        // MFA step at its next refresh instead of a token (LoginCompletion.afterRefresh), so the refresh
        // chains stay in an org without required MFA
        Tenants.Org mfaOrg = Tenants.newOrg(REGION, "crash-mfa");
        Tenants.Person person = Tenants.newPerson(mfaOrg, "user");

        // refresh chains of the admin's sessions, rotating while the process dies
        int chains = 4;
        List<AtomicReference<String>> latest = new ArrayList<>();
        for (int i = 0; i < chains; i++) {
            Response login = E2e.gateway().header("X-Region", REGION).contentType("application/json")
                    .body(Map.of("email", org.admin().email(), "password", Tenants.PASSWORD, "cookie", false))
                    .post("/api/v2/auth/login");
            assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
            latest.add(new AtomicReference<>(login.jsonPath().getString("refreshToken")));
        }
        // an MFA login waiting for its last step when the process dies
        Response settings = E2e.gateway().auth().oauth2(mfaOrg.admin().accessToken()).contentType("application/json")
                .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me");
        assertThat(settings.statusCode()).as(settings.asString()).isEqualTo(200);
        Response mfaLogin = await().atMost(Duration.ofSeconds(20)).until(
                () -> Tenants.login(REGION, person.email(), Tenants.PASSWORD, "198.51.100.50"),
                r -> "MFA_ENROLLMENT_REQUIRED".equals(r.jsonPath().getString("status")));
        String mfaToken = mfaLogin.jsonPath().getString("mfaToken");
        Response enrollment = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("name", "Crash phone")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        Response validated = E2e.gateway().auth().oauth2(mfaToken).contentType("application/json")
                .body(Map.of("code", MfaJourneyTest.totp(enrollment.jsonPath().getString("secret"),
                        System.currentTimeMillis() / 30_000)))
                .post("/api/v2/mfa/enrollments/" + enrollment.jsonPath().getString("id") + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
        String proof = validated.jsonPath().getString("mfaProof");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger rotations = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(chains);
        for (AtomicReference<String> chain : latest) {
            pool.submit(() -> {
                while (running.get()) {
                    Response r = refresh(chain.get());
                    if (r.statusCode() == 200) {
                        chain.set(r.jsonPath().getString("refreshToken"));
                        rotations.incrementAndGet();
                    }
                }
            });
        }
        boolean restored = false;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> rotations.get() >= 20);
            Processes.killHard(victim);
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Processes.started(Processes.thresholdUp())).containsExactly(victim);
            restored = true;
        } finally {
            running.set(false);
            pool.shutdownNow();
            if (!restored) {
                Processes.thresholdUp();
            }
        }

        // each chain goes on from the last token it holds, or ends cleanly (its last rotation was
        // committed but the answer was lost in the crash: that token now reads as reused)
        for (AtomicReference<String> chain : latest) {
            Response r = refresh(chain.get());
            if (r.statusCode() == 200) {
                assertThat(refresh(r.jsonPath().getString("refreshToken")).statusCode()).isEqualTo(200);
            } else {
                E2e.assertProblem(r, 401, "session_revoked");
            }
        }
        assertThat(InvitationJourneyTest.count(DB, "select count(*) from (select r.session_id from identity.refresh_token r"
                + " join identity.session s on s.id = r.session_id join identity.app_user u on u.id = s.user_id"
                + " where u.email = ? and r.used_at is null and s.revoked_at is null"
                + " group by r.session_id having count(*) > 1) forks", org.admin().email()))
                .as("sessions with more than one live refresh token").isZero();

        // the MFA login interrupted by the crash completes once, then its flow is spent
        Response completed = completeMfa(mfaToken, proof);
        assertThat(completed.statusCode()).as(completed.asString()).isEqualTo(200);
        assertThat(completed.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        E2e.assertProblem(completeMfa(mfaToken, proof), 401, "mfa_flow_invalid");
    }

    private static Response bulk(Tenants.Org org, List<Map<String, Object>> rows, String idempotencyKey) {
        return E2e.gateway().auth().oauth2(org.admin().accessToken()).header("Idempotency-Key", idempotencyKey)
                .contentType("application/json").body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk");
    }

    private static Response refresh(String refreshToken) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("refreshToken", refreshToken)).post("/api/v2/auth/refresh");
    }

    private static Response completeMfa(String mfaToken, String proof) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("mfaToken", mfaToken, "mfaProof", proof)).post("/api/v2/auth/login/mfa");
    }
}
