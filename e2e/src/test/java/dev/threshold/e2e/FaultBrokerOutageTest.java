package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, issue 13: the region's RabbitMQ is stopped twice (20 s, then 8 s; {@code rabbitmqctl
 * stop_app}, started again in {@code finally}) while an admin bulk-invites and a member enrolls MFA.
 * Every invitation reaches identity-service as an invited user within 60 s of the return, each gets
 * exactly one email, and the MFA enrolled while the broker was away is enforced at the next login.
 */
@Order(89)
@DisplayName("Fault: broker stopped twice during bulk invitations and an MFA enrollment")
class FaultBrokerOutageTest {

    private static final String REGION = "us-east-1";
    private static final String DB = "threshold_us_east_1";
    private static final int PER_BULK = 60;
    private static final Duration AFTER_RETURN = Duration.ofSeconds(60);

    @Test
    void invitationsAndAnMfaEnrollmentSurviveTwoBrokerOutages() throws Exception {
        assumeTrue(Processes.managedHere("identity-" + REGION), "system not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "broker-outage");
        // a member of an org without required MFA, who will enroll on their own
        Tenants.Person member = Tenants.newPerson(org, "user");

        List<String> invited = new ArrayList<>();
        Processes.stopBroker();
        try {
            invited.addAll(bulk(org, "first"));
            Processes.hold(Duration.ofSeconds(20));
        } finally {
            Processes.startBroker();
        }
        Processes.stopBroker();
        try {
            invited.addAll(bulk(org, "second"));
            enrollMfa(member.accessToken());
            // mfa.enrolled cannot travel now, yet the next login asks for the second factor
            assertLoginStatus(member.email(), "MFA_REQUIRED");
            Processes.hold(Duration.ofSeconds(8));
        } finally {
            Processes.startBroker();
        }

        await().atMost(AFTER_RETURN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(invitedUsers(org)).containsAll(invited));
        // every email handed to SMTP (the outbox's own record), then exactly one in each inbox
        await().atMost(AFTER_RETURN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(InvitationJourneyTest.count(DB, "select count(*) from invitation.invitation_send"
                        + " where org_id = ?::uuid and status <> 'SENT'", org.id())).isZero());
        for (String email : invited) {
            assertThat(Mailbox.count(email)).as("emails to %s", email).isEqualTo(1);
        }
        assertLoginStatus(member.email(), "MFA_REQUIRED");
    }

    private static List<String> bulk(Tenants.Org org, String prefix) {
        List<String> emails = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < PER_BULK; i++) {
            String email = prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.name() + ".test";
            emails.add(email);
            rows.add(Map.of("email", email, "name", "Fay", "roles", List.of("user")));
        }
        Response bulk = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk");
        assertThat(bulk.statusCode()).as(bulk.asString()).isEqualTo(200);
        assertThat(bulk.jsonPath().getList("results.status", Integer.class)).containsOnly(201);
        return emails;
    }

    private static Set<String> invitedUsers(Tenants.Org org) {
        Response users = E2e.gateway().auth().oauth2(org.admin().accessToken())
                .get("/api/v2/users?state=INVITED&pageSize=500");
        assertThat(users.statusCode()).as(users.asString()).isEqualTo(200);
        return new HashSet<>(users.jsonPath().getList("entities.email", String.class));
    }

    private static void enrollMfa(String accessToken) throws Exception {
        Response enrollment = E2e.gateway().auth().oauth2(accessToken).contentType("application/json")
                .body(Map.of("name", "Fault phone")).post("/api/v2/mfa/enrollments");
        assertThat(enrollment.statusCode()).as(enrollment.asString()).isEqualTo(201);
        String code = MfaJourneyTest.totp(enrollment.jsonPath().getString("secret"), System.currentTimeMillis() / 30_000);
        Response validated = E2e.gateway().auth().oauth2(accessToken).contentType("application/json")
                .body(Map.of("code", code))
                .post("/api/v2/mfa/enrollments/" + enrollment.jsonPath().getString("id") + "/validate");
        assertThat(validated.statusCode()).as(validated.asString()).isEqualTo(200);
    }

    private static void assertLoginStatus(String email, String status) {
        Response login = Tenants.login(REGION, email, Tenants.PASSWORD, "198.51.100.77");
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat(login.jsonPath().getString("status")).as(login.asString()).isEqualTo(status);
    }
}
