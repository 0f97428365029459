package dev.threshold.invitation.invitation;

import static dev.threshold.invitation.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    @Test
    void replaysFirstResponseWhenCreateIsRepeatedWithSameKey() throws Exception {
        TestData.Org org = TestData.org();
        String email = org.email("idem");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.invitation(email, "Idem Potent", List.of("user"), "fr");

        Response first = as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations");
        Response second = as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(second.jsonPath().getString("expiresAt")).isEqualTo(first.jsonPath().getString("expiresAt"));
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isEqualTo(1);
        MailServer.awaitMessageTo(email, Duration.ofSeconds(20));
        // its one send is recorded SENT: no other email can follow for this org
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestData.count(
                "select count(*) from invitation.invitation_send where org_id = ? and status = 'SENT'", org.id()) == 1);
        assertThat(TestData.count("select count(*) from invitation.invitation_send where org_id = ?", org.id())).isEqualTo(1);
        assertThat(MailServer.messagesTo(email)).hasSize(1);
    }

    @Test
    void refusesSameKeyForDifferentRequest() {
        TestData.Org org = TestData.org();
        String key = UUID.randomUUID().toString();
        as(org.adminToken()).header("Idempotency-Key", key).body(Api.invitation(org.email("a"), "A", null, null))
                .post("/api/v2/invitations").then().statusCode(201);
        as(org.adminToken()).header("Idempotency-Key", key).body(Api.invitation(org.email("b"), "B", null, null))
                .post("/api/v2/invitations").then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"));
        // the same key on the other operation is another request too
        as(org.adminToken()).header("Idempotency-Key", key)
                .body(Map.of("invitations", List.of(Api.invitation(org.email("c"), "C", null, null))))
                .post("/api/v2/invitations/bulk").then().statusCode(422).body("code", equalTo("idempotency_key_reused"));
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isEqualTo(1);
    }

    @Test
    void treatsReorderedFieldsAsTheSameRequest() {
        TestData.Org org = TestData.org();
        String key = UUID.randomUUID().toString();
        String email = org.email("order");
        String a = "{\"email\":\"" + email + "\",\"name\":\"O\",\"roles\":[\"user\"]}";
        String b = "{ \"roles\": [\"user\"], \"name\": \"O\", \"email\": \"" + email + "\" }";
        String id = as(org.adminToken()).header("Idempotency-Key", key).body(a).post("/api/v2/invitations").then()
                .statusCode(201).extract().path("id");
        as(org.adminToken()).header("Idempotency-Key", key).body(b).post("/api/v2/invitations").then()
                .statusCode(201).body("id", equalTo(id));
    }

    @Test
    void keepsNoKeyWhenRequestFailed() {
        TestData.Org org = TestData.org();
        String email = org.email("retry");
        String existing = Api.createId(org.adminToken(), email);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.invitation(email, "Retry", null, null);
        as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations").then()
                .statusCode(409).body("code", equalTo("invitation_exists"));
        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", existing).then().statusCode(204);
        as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations").then()
                .statusCode(201);
    }

    @Test
    void answersConcurrentRepeatsWithOneInvitation() throws Exception {
        TestData.Org org = TestData.org();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.invitation(org.email("race"), "Race", null, null);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<Response> call = () -> as(org.adminToken()).header("Idempotency-Key", key).body(body)
                        .post("/api/v2/invitations");
                calls.add(pool.submit(call));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> call : calls) {
                Response response = call.get();
                assertThat(response.statusCode()).isEqualTo(201);
                ids.add(response.jsonPath().getString("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isEqualTo(1);
    }

    @Test
    void replaysBulkResults() {
        TestData.Org org = TestData.org();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("invitations", List.of(Api.invitation(org.email("b1"), "B1", null, null),
                Api.invitation("broken", "B2", null, null)));
        Response first = as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations/bulk");
        Response second = as(org.adminToken()).header("Idempotency-Key", key).body(body).post("/api/v2/invitations/bulk");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getList("results")).isEqualTo(first.jsonPath().getList("results"));
        assertThat(second.jsonPath().getInt("results[0].status")).isEqualTo(201);
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isEqualTo(1);
    }

    @Test
    void rejectsMalformedKeys() {
        TestData.Org org = TestData.org();
        for (String key : new String[] {"x".repeat(256), "has space", "tab\tkey"}) {
            as(org.adminToken()).header("Idempotency-Key", key).body(Api.invitation(org.email("k"), "K", null, null))
                    .post("/api/v2/invitations").then().statusCode(400).body("code", equalTo("idempotency_key_invalid"));
        }
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isZero();
    }
}
