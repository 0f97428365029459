package dev.threshold.invitation.redeem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.invitation.support.Api;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.invitation.support.Mails;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** identity-service's internal redeem call. */
@QuarkusTest
class RedeemTest {

    @Test
    void acceptsExactlyOnceUnderConcurrentRedemption() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("race");
        String id = Api.createId(org.adminToken(), email);
        String token = Mails.awaitToken(email);
        String sentinelEmail = org.email("race-sentinel");
        String sentinelId = Api.createId(org.adminToken(), sentinelEmail);
        String sentinelToken = Mails.awaitToken(sentinelEmail);

        try (BrokerTap tap = BrokerTap.listen("invitation.accepted")) {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return Api.redeem(token).extract().statusCode();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> call : calls) {
                    statuses.add(call.get());
                }
                assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
                assertThat(statuses).filteredOn(status -> status == 410).hasSize(9);
            } finally {
                pool.shutdownNow();
            }
            tap.await(e -> id.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            // a sentinel accepted after the race: the relay publishes in commit order, so once its
            // event is here, every event of the race is here too
            Api.redeem(sentinelToken).statusCode(200);
            tap.await(e -> sentinelId.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            assertThat(tap.count(e -> id.equals(e.path("subject").asText()))).isEqualTo(1);
        }
        assertThat(TestData.count("select count(*) from invitation.outbox where aggregate_id = ? and type = 'invitation.accepted'",
                id)).isEqualTo(1);
    }

    @Test
    void refusesCallsWithoutTheInternalToken() {
        String body = "{\"token\": \"" + "A".repeat(43) + "\"}";
        for (String authorization : new String[] {null, "Internal wrong-token-0123456789", "Bearer " + Api.INTERNAL_TOKEN,
            "Internal", "Internal " + Api.INTERNAL_TOKEN + "x"}) {
            var request = given().contentType(ContentType.JSON).body(body);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.post("/internal/invitations/redeem").then().statusCode(401)
                    .contentType("application/problem+json").body("code", equalTo("internal_token_required"));
        }
        // checked before the body is even read
        given().contentType(ContentType.JSON).body("{ nope").post("/internal/invitations/redeem").then()
                .statusCode(401).body("code", equalTo("internal_token_required"));
        // an admin access token is no internal token
        given().auth().oauth2(TestData.org().adminToken()).contentType(ContentType.JSON).body(body)
                .post("/internal/invitations/redeem").then().statusCode(401).body("code", equalTo("internal_token_required"));
    }

    @Test
    void rejectsBadInput() {
        Object[][] cases = {
            {"{}", 400, "validation_failed"},
            {"{\"token\": \"\"}", 400, "validation_failed"},
            {"{\"token\": \"" + "x".repeat(101) + "\"}", 400, "validation_failed"},
            {"{\"token\": \"abc\", \"password\": \"x\"}", 400, "validation_failed"},
            {"{\"token\": 5}", 404, "invitation_not_found"},
            {"{\"token\": [1]}", 400, "validation_failed"},
            {"{\"token\": ", 400, "malformed_json"},
            {"{\"token\": \"" + "A".repeat(43) + "\"}", 404, "invitation_not_found"},
            {"{\"token\": \"not a token at all\"}", 404, "invitation_not_found"},
        };
        for (Object[] c : cases) {
            given().header("Authorization", "Internal " + Api.INTERNAL_TOKEN).contentType(ContentType.JSON)
                    .body((String) c[0]).post("/internal/invitations/redeem").then()
                    .statusCode((Integer) c[1]).contentType("application/problem+json").body("code", equalTo(c[2]));
        }
        given().header("Authorization", "Internal " + Api.INTERNAL_TOKEN).contentType(ContentType.JSON)
                .post("/internal/invitations/redeem").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void lookupRejectsBadInput() {
        given().get("/api/v2/invitations/lookup").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/token"));
        given().queryParam("token", "x".repeat(101)).get("/api/v2/invitations/lookup").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].code", equalTo("size"));
        for (String token : new String[] {"short", "A".repeat(43), "' or 1=1 --"}) {
            given().queryParam("token", token).get("/api/v2/invitations/lookup").then().statusCode(404)
                    .body("code", equalTo("invitation_not_found"));
        }
        given().header("Accept-Language", "de").queryParam("token", "A".repeat(43)).get("/api/v2/invitations/lookup")
                .then().statusCode(404).body("code", equalTo("invitation_not_found")).body("detail", equalTo("Zu diesem Link oder dieser ID gibt es keine Einladung."));
    }

    @Test
    void lookupDoesNotConsumeTheToken() {
        TestData.Org org = TestData.org();
        String email = org.email("twice");
        Api.createId(org.adminToken(), email);
        String token = Mails.awaitToken(email);
        Api.lookup(token).statusCode(200);
        Api.lookup(token).statusCode(200);
        Api.redeem(token).statusCode(200).body("email", equalTo(email)).body("roles", contains("user"));
    }
}
