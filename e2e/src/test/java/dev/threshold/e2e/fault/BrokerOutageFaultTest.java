package dev.threshold.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, against {@code ./threshold up}: the region's RabbitMQ is stopped twice (20 s, then
 * 8 s; {@code rabbitmqctl stop_app}, started again in finally blocks) while an admin bulk-invites
 * people and a member enrolls MFA. Every invitation reaches identity-service as an invited user
 * within 60 s of the broker's return and gets exactly one email; the MFA enrolled meanwhile is
 * enforced at the very next login, broker or not. Bounded to a few minutes.
 */
@Tag("fault")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@DisplayName("Fault: broker stopped twice during a bulk invitation and an MFA enrollment")
class BrokerOutageFaultTest {

    private static final String PASSWORD = "Fault-Outage-Secret-42";
    private static final int PER_BULK = 60;
    private static final Duration AFTER_RETURN = Duration.ofSeconds(60);

    @Test
    void invitationsAndAnMfaEnrollmentSurviveTwoBrokerOutages() throws Exception {
        String orgName = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        String adminAccess = FaultSupport.newOrgAdmin(orgName, FaultSupport.uniqueEmail("admin"), PASSWORD);
        // a member of an org without required MFA, who will enroll on their own
        String memberEmail = FaultSupport.uniqueEmail("member");
        assertThat(invite(adminAccess, List.of(memberEmail))).containsOnly(201);
        Response member = FaultSupport.accept(FaultSupport.invitationToken(memberEmail, AFTER_RETURN), PASSWORD);
        assertThat(member.jsonPath().getString("status")).as(member.asString()).isEqualTo("AUTHENTICATED");
        String memberAccess = member.jsonPath().getString("accessToken");

        List<String> invited = new ArrayList<>();
        // first outage, 20 s: a bulk invitation while the broker is away
        FaultSupport.stopBroker();
        try {
            List<String> first = emails("bulk1");
            assertThat(invite(adminAccess, first)).containsOnly(201);
            invited.addAll(first);
            FaultSupport.hold(Duration.ofSeconds(20));
        } finally {
            FaultSupport.startBroker();
        }

        // second outage, 8 s: another bulk, and the member enrolls MFA
        FaultSupport.stopBroker();
        try {
            List<String> second = emails("bulk2");
            assertThat(invite(adminAccess, second)).containsOnly(201);
            invited.addAll(second);
            enrollMfa(memberAccess);
            // mfa.enrolled cannot travel now, yet the next login asks for the second factor
            assertLoginStatus(memberEmail, "MFA_REQUIRED");
            FaultSupport.hold(Duration.ofSeconds(8));
        } finally {
            FaultSupport.startBroker();
        }

        await().atMost(AFTER_RETURN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(invitedUsers(adminAccess)).containsAll(invited));
        await().atMost(AFTER_RETURN).pollInterval(Duration.ofSeconds(2)).until(() ->
                invited.stream().allMatch(email -> FaultSupport.mailCount(email) >= 1));
        // exactly one each, and no late duplicate
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> invited.stream().allMatch(email -> FaultSupport.mailCount(email) == 1));
        assertLoginStatus(memberEmail, "MFA_REQUIRED");
    }

    private static List<String> emails(String prefix) {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < PER_BULK; i++) {
            emails.add(FaultSupport.uniqueEmail(prefix + "-" + i));
        }
        return emails;
    }

    /** POST /api/v2/invitations/bulk as the org admin: the status of each row. */
    private static List<Integer> invite(String adminAccess, List<String> emails) {
        List<Map<String, Object>> rows = emails.stream()
                .map(email -> Map.<String, Object>of("email", email, "name", "Fay", "roles", List.of("user")))
                .toList();
        Response bulk = FaultSupport.gateway().auth().oauth2(adminAccess).contentType("application/json")
                .body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk");
        assertThat(bulk.statusCode()).as(bulk.asString()).isEqualTo(200);
        return bulk.jsonPath().getList("results.status", Integer.class);
    }

    private static Set<String> invitedUsers(String adminAccess) {
        Response users = FaultSupport.gateway().auth().oauth2(adminAccess)
                .get("/api/v2/users?state=INVITED&pageSize=500");
        assertThat(users.statusCode()).as(users.asString()).isEqualTo(200);
        return new HashSet<>(users.jsonPath().getList("entities.email", String.class));
    }

    private static void enrollMfa(String memberAccess) throws Exception {
        Response enrollment = FaultSupport.gateway().auth().oauth2(memberAccess).contentType("application/json")
                .body(Map.of("name", "Fault phone")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        String code = FaultSupport.totp(enrollment.jsonPath().getString("secret"), System.currentTimeMillis() / 30_000);
        Response validated = FaultSupport.gateway().auth().oauth2(memberAccess).contentType("application/json")
                .body(Map.of("code", code))
                .post("/api/v2/mfa/enrollments/" + enrollment.jsonPath().getString("id") + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
    }

    private static void assertLoginStatus(String email, String status) {
        Response login = FaultSupport.passwordLogin(email, PASSWORD);
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat(login.jsonPath().getString("status")).as(login.asString()).isEqualTo(status);
    }
}
