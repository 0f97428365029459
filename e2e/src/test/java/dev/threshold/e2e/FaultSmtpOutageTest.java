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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: the SMTP server is down while an admin bulk-invites. The emails wait in the mail
 * outbox (delivery state FAILED with the attempt and the error, retried), and once the server is
 * back every invitation's email goes out exactly once.
 */
@Order(90)
@DisplayName("Fault: SMTP sink down during a bulk -> every email delivered once after it returns")
class FaultSmtpOutageTest {

    private static final String REGION = "us-east-1";
    private static final String DB = "threshold_us_east_1";
    private static final int PEOPLE = 25;

    @Test
    void emailsWaitForTheSmtpServerAndGoOutOnce() throws Exception {
        assumeTrue(Processes.managedHere("greenmail"), "greenmail not started by ./threshold here");
        Tenants.Org org = Tenants.newOrg(REGION, "smtp-outage");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "smtp-" + i + "-" + UUID.randomUUID() + "@" + org.name() + ".test";
            emails.add(email);
            rows.add(Map.of("email", email, "name", "P" + i, "roles", List.of("user")));
        }
        try {
            Processes.threshold("stop", "greenmail");
            Response bulk = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                    .body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk");
            assertThat(bulk.statusCode()).as(bulk.asString()).isEqualTo(200);
            assertThat(bulk.jsonPath().getList("results.status", Integer.class)).containsOnly(201);
            // the outbox shows the failed attempt and keeps the email for a retry
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(InvitationJourneyTest.count(DB, "select count(*) from invitation.invitation_send"
                            + " where org_id = ?::uuid and status = 'FAILED' and attempts >= 1 and next_attempt_at is not null"
                            + " and last_error is not null", org.id())).isEqualTo(PEOPLE));
        } finally {
            Processes.threshold("start", "greenmail");
        }
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(InvitationJourneyTest.count(DB, "select count(*) from invitation.invitation_send"
                        + " where org_id = ?::uuid and status = 'SENT' and attempts >= 2", org.id())).isEqualTo(PEOPLE));
        for (String email : emails) {
            assertThat(Mailbox.count(email)).as("emails to %s", email).isEqualTo(1);
        }
        Response listed = E2e.gateway().auth().oauth2(org.admin().accessToken()).queryParam("pageSize", 100)
                .queryParam("status", "PENDING").get("/api/v2/invitations");
        assertThat(listed.jsonPath().getList("entities.delivery.state")).hasSize(PEOPLE).containsOnly("SENT");
    }
}
