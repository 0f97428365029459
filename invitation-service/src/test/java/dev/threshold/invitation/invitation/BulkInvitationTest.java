package dev.threshold.invitation.invitation;

import static dev.threshold.invitation.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.invitation.delivery.DeliveryWorker;
import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.MailServer;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BulkInvitationTest {

    @Inject
    DeliveryWorker delivery;

    @Test
    void invitesAThousandInOneRequestAndReportsEachBadRowAlone() {
        TestData.Org org = TestData.org();
        String pending = org.email("pending");
        String active = org.email("active");
        Api.createId(org.adminToken(), pending);
        TestData.update("insert into invitation.active_user (org_id, email_key, user_id, activated_at) values (?, ?, 'u', now())",
                org.id(), active.toLowerCase());

        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(Api.invitation("person" + i + "@" + org.domain(), "Person " + i, List.of("user"), "en"));
        }
        rows.set(10, Api.invitation("not-an-email", "Bad Email", null, null));
        rows.set(20, Api.invitation("role@" + org.domain(), "Bad Role", List.of("root"), null));
        Map<String, Object> unknownField = new HashMap<>(Api.invitation("field@" + org.domain(), "F", null, null));
        unknownField.put("department", "sales");
        rows.set(30, unknownField);
        rows.set(40, "just a string");
        rows.set(50, Map.of("email", "type@" + org.domain(), "name", List.of("not", "a", "name")));
        rows.set(60, Api.invitation("PERSON0@" + org.domain(), "Duplicate of row 0", null, null));
        rows.set(70, Api.invitation(pending, "Already pending", null, null));
        rows.set(80, Api.invitation(active.toUpperCase(), "Already active", null, null));
        rows.set(90, Api.invitation("locale@" + org.domain(), "Bad Locale", null, "klingon"));

        delivery.pause();
        Response response;
        long started = System.nanoTime();
        try {
            response = as(org.adminToken()).body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk");
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("bulk of 1000 invitations answered in %d ms%n", millis);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(millis).as("bulk of 1000 within 30 s on a busy 2-core machine").isLessThan(30_000);

            var results = response.jsonPath();
            assertThat(results.getList("results")).hasSize(1000);
            assertThat(results.getList("results.index", Integer.class).subList(0, 5)).containsExactly(0, 1, 2, 3, 4);
            assertRow(results, 10, 400, "validation_failed", "/invitations/10/email");
            assertRow(results, 20, 400, "validation_failed", "/invitations/20/roles/0");
            assertRow(results, 30, 400, "validation_failed", "/invitations/30/department");
            assertRow(results, 40, 400, "validation_failed", "/invitations/40");
            assertRow(results, 50, 400, "validation_failed", "/invitations/50/name");
            assertRow(results, 60, 409, "duplicate_in_request", null);
            assertRow(results, 70, 409, "invitation_exists", null);
            assertRow(results, 80, 409, "user_exists", null);
            assertRow(results, 90, 400, "validation_failed", "/invitations/90/locale");
            assertThat(results.getString("results[0].id")).isNotNull();
            assertThat(results.getInt("results[0].status")).isEqualTo(201);
            assertThat(results.getString("results[60].email")).isEqualTo("PERSON0@" + org.domain());
            assertThat(results.getString("results[10].email")).isEqualTo("not-an-email");
            assertThat(results.getList("results.findAll { it.status == 201 }")).hasSize(991);

            assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ? and status = 'PENDING'",
                    org.id())).isEqualTo(992);
            assertThat(TestData.count("select count(*) from invitation.invitation_send s join invitation.invitation i"
                    + " on i.id = s.invitation_id where s.org_id = ? and s.status = 'QUEUED' and s.token is not null"
                    + " and i.email <> ?", org.id(), pending)).isEqualTo(991);
            assertThat(TestData.count("select count(*) from invitation.outbox where org_id = ? and type = 'invitation.created'",
                    org.id().toString())).isEqualTo(992);
        } finally {
            // 991 emails would only slow the other tests: keep a few, drop the rest
            TestData.update("update invitation.invitation_send set status = 'CANCELLED', token = null, next_attempt_at = null"
                    + " where org_id = ? and status = 'QUEUED' and invitation_id not in (select id from invitation.invitation"
                    + " where org_id = ? and email in ('person1@" + org.domain() + "', 'person2@" + org.domain() + "'))",
                    org.id(), org.id());
            delivery.resume();
        }
        MailServer.awaitMessageTo("person1@" + org.domain(), Duration.ofSeconds(20));
        MailServer.awaitMessageTo("person2@" + org.domain(), Duration.ofSeconds(20));
    }

    private static void assertRow(io.restassured.path.json.JsonPath results, int index, int status, String code,
            String pointer) {
        String row = "results[" + index + "]";
        assertThat(results.getInt(row + ".index")).isEqualTo(index);
        assertThat(results.getInt(row + ".status")).as(row).isEqualTo(status);
        assertThat(results.getString(row + ".code")).as(row).isEqualTo(code);
        assertThat(results.getString(row + ".id")).as(row).isNull();
        if (pointer != null) {
            assertThat(results.getList(row + ".errors.pointer", String.class)).as(row).contains(pointer);
        }
    }

    @Test
    void refusesMoreThanAThousandAndWritesNothing() {
        TestData.Org org = TestData.org();
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            rows.add(Api.invitation("p" + i + "@" + org.domain(), "P", null, null));
        }
        as(org.adminToken()).body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("bulk_too_large"));
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isZero();
    }

    @Test
    void rejectsMalformedBulkBodies() {
        TestData.Org org = TestData.org();
        as(org.adminToken()).body(Map.of("invitations", List.of())).post("/api/v2/invitations/bulk").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].pointer", equalTo("/invitations"));
        as(org.adminToken()).body(Map.of()).post("/api/v2/invitations/bulk").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].pointer", equalTo("/invitations"));
        as(org.adminToken()).body(Map.of("invitations", List.of(), "dryRun", true)).post("/api/v2/invitations/bulk").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].code", equalTo("unknown_field"));
        as(org.adminToken()).body(Map.of("invitations", "everyone")).post("/api/v2/invitations/bulk").then()
                .statusCode(400).body("code", equalTo("validation_failed"));
        as(org.adminToken()).body("{\"invitations\": [").post("/api/v2/invitations/bulk").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_json"));
        as(org.adminToken()).body("{\"invitations\" [] }").post("/api/v2/invitations/bulk").then()
                .statusCode(400).body("code", equalTo("malformed_json"));
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isZero();
    }

    @Test
    void sendsEveryBulkInvitationEmail() {
        TestData.Org org = TestData.org();
        List<Object> rows = List.of(Api.invitation(org.email("x"), "X", null, "de"),
                Api.invitation(org.email("y"), "Y", null, "ja"));
        List<String> emails = as(org.adminToken()).body(Map.of("invitations", rows)).post("/api/v2/invitations/bulk")
                .then().statusCode(200).extract().path("results.email");
        for (String email : emails) {
            MailServer.awaitMessageTo(email, Duration.ofSeconds(20));
        }
    }
}
