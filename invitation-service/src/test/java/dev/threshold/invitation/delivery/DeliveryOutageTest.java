package dev.threshold.invitation.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Emails survive SMTP outages and stopped senders, and go out once. */
@QuarkusTest
class DeliveryOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DeliveryWorker worker;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void retriesWithBackoffWhileSmtpIsDownAndDeliversOnceItIsBack() {
        TestData.Org org = TestData.org();
        List<String> emails = List.of(org.email("outage1"), org.email("outage2"), org.email("outage3"));
        List<String> ids;
        MailServer.stop();
        try {
            ids = emails.stream().map(email -> Api.createId(org.adminToken(), email)).toList();
            for (String id : ids) {
                Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(org.adminToken())
                        .get("/api/v2/invitations/{id}", id).then()
                        .body("delivery.state", equalTo("FAILED"))
                        .body("delivery.attempts", greaterThanOrEqualTo(2))
                        .body("delivery.lastError", notNullValue())
                        .body("delivery.lastAttemptAt", notNullValue())
                        .body("delivery.nextAttemptAt", notNullValue()));
            }
            JsonPath failed = given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", ids.get(0)).jsonPath();
            assertThat(failed.getString("delivery.lastError")).doesNotContain("token=");
            assertThat(MailServer.messagesTo(emails.get(0))).isEmpty();
        } finally {
            MailServer.start();
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(org.adminToken())
                    .get("/api/v2/invitations/{id}", id).then()
                    .body("delivery.state", equalTo("SENT"))
                    .body("delivery.lastError", nullValue())
                    .body("delivery.nextAttemptAt", nullValue()));
            MailServer.awaitMessageTo(emails.get(i), WAIT);
        }
        for (String email : emails) {
            assertThat(MailServer.messagesTo(email)).hasSize(1);
        }
        assertThat(TestData.count("select count(*) from invitation.invitation_send where org_id = ? and token is not null",
                org.id())).isZero();
    }

    @Test
    void givesUpAfterMaxAttemptsAndForgetsTheToken() {
        TestData.Org org = TestData.org();
        String id;
        MailServer.stop();
        try {
            id = Api.createId(org.adminToken(), org.email("giveup"));
            // as if it had failed all but one of its attempts already
            TestData.update("update invitation.invitation_send set attempts = 49 where invitation_id = ?::uuid", id);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(org.adminToken())
                    .get("/api/v2/invitations/{id}", id).then()
                    .body("delivery.state", equalTo("FAILED"))
                    .body("delivery.attempts", equalTo(50))
                    .body("delivery.nextAttemptAt", nullValue()));
        } finally {
            MailServer.start();
        }
        assertThat(TestData.query("select token from invitation.invitation_send where invitation_id = ?::uuid", id)
                .get(0).get("token")).isNull();
        // an admin resend is the way out: a fresh token and email
        given().auth().oauth2(org.adminToken()).post("/api/v2/invitations/{id}/resend", id).then().statusCode(202);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(org.adminToken())
                .get("/api/v2/invitations/{id}", id).then().body("delivery.state", equalTo("SENT")));
    }

    @Test
    void leavesAnEmailInFlightAtAnotherSenderAloneAndSendsItWhenThatSenderDies() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("inflight");
        worker.pause();
        String id;
        try (Connection other = DriverManager.getConnection(jdbcUrl, "threshold_invitation", "threshold_invitation")) {
            id = Api.createId(org.adminToken(), email);
            other.setAutoCommit(false);
            // another instance picked the row and is in the middle of sending it
            try (PreparedStatement lock = other.prepareStatement(
                    "select id from invitation.invitation_send where invitation_id = ?::uuid for update")) {
                lock.setString(1, id);
                lock.executeQuery();
            }
            worker.resume();
            // a sentinel queued after it is sent: the worker has since passed over the locked row
            String sentinel = org.email("inflight-sentinel");
            Api.createId(org.adminToken(), sentinel);
            MailServer.awaitMessageTo(sentinel, WAIT);
            assertThat(MailServer.messagesTo(email)).isEmpty();
            // ... and dies before it could commit: the row is still QUEUED
            other.rollback();
        } finally {
            worker.resume();
        }
        MailServer.awaitMessageTo(email, WAIT);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(org.adminToken())
                .get("/api/v2/invitations/{id}", id).then().body("delivery.state", equalTo("SENT")));
        // a sender starting afresh finds nothing left to send for it
        for (int i = 0; i < 5; i++) {
            call(() -> worker.sendOne());
        }
        assertThat(MailServer.messagesTo(email)).hasSize(1);
        assertThat(TestData.count("select attempts from invitation.invitation_send where invitation_id = ?::uuid", id))
                .isEqualTo(1);
    }

    private static void call(java.util.function.Supplier<io.smallrye.mutiny.Uni<Boolean>> work) throws Exception {
        try {
            VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
