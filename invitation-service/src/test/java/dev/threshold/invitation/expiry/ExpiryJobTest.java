package dev.threshold.invitation.expiry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.Mails;
import dev.threshold.common.testing.TestClock;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry without waiting: the service's clock is moved past the invitation's lifetime. */
@QuarkusTest
class ExpiryJobTest {

    @Inject
    ExpiryJob expiry;

    @AfterEach
    void backToNow() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void expiresPendingInvitationsPastTheirLifetimeAndTellsOthers() throws Throwable {
        TestData.Org org = TestData.org(TestData.DEFAULT_SETTINGS.replace("\"invitationTtlDays\":7", "\"invitationTtlDays\":3"));
        String email = org.email("late");
        String id = Api.createId(org.adminToken(), email);
        String token = Mails.awaitToken(email);
        String fresh = Api.createId(org.adminToken(), org.email("fresh"));

        // two days later nothing happens
        TestClock.INSTANCE.advance(Duration.ofDays(2));
        VertxContextSupport.subscribeAndAwait(() -> expiry.expireDue());
        given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then().body("status", equalTo("PENDING"));
        Api.lookup(token).statusCode(200);

        try (BrokerTap tap = BrokerTap.listen("invitation.expired")) {
            TestClock.INSTANCE.advance(Duration.ofDays(1).plusMinutes(1));
            // past the expiry the link is dead at once, before the job ran
            Api.lookup(token).statusCode(410).body("code", equalTo("invitation_expired"));

            int expired = VertxContextSupport.subscribeAndAwait(() -> expiry.expireDue());
            assertThat(expired).isGreaterThanOrEqualTo(2);

            JsonNode event = tap.await(e -> id.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.invitation.expired.v1");
            assertThat(event.path("data").path("invitationId").asText()).isEqualTo(id);
            assertThat(event.path("data").path("orgId").asText()).isEqualTo(org.id().toString());
            assertThat(event.path("data").path("email").asText()).isEqualTo(email);
            tap.await(e -> fresh.equals(e.path("subject").asText()), Duration.ofSeconds(20));
        }
        given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then()
                .body("status", equalTo("EXPIRED"));
        assertThat(TestData.query("select expired_at from invitation.invitation where id = ?::uuid", id).get(0)
                .get("expired_at")).isNotNull();
        Api.lookup(token).statusCode(410).body("code", equalTo("invitation_expired"));
        Api.redeem(token).statusCode(410).body("code", equalTo("invitation_expired"));
        given().auth().oauth2(org.adminToken()).post("/api/v2/invitations/{id}/resend", id).then()
                .statusCode(409).body("code", equalTo("invitation_not_pending"));
        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", id).then()
                .statusCode(409).body("code", equalTo("invitation_not_pending"));
        // running again finds nothing more of this org, and the person can be invited anew
        VertxContextSupport.subscribeAndAwait(() -> expiry.expireDue());
        assertThat(TestData.count("select count(*) from invitation.outbox where aggregate_id = ? and type = 'invitation.expired'",
                id)).isEqualTo(1);
        TestClock.INSTANCE.reset();
        Api.create(org.adminToken(), email).statusCode(201).body("status", equalTo("PENDING")).body("expiresAt", notNullValue());
    }
}
