package dev.threshold.invitation.invitation;

import static dev.threshold.invitation.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An admin of one org never sees nor changes another org's invitations: 404, as if they did not exist. */
@QuarkusTest
class CrossTenantTest {

    @Test
    void hidesOtherOrgsInvitationOnEveryEndpoint() {
        TestData.Org owner = TestData.org();
        TestData.Org intruder = TestData.org();
        String email = owner.email("victim");
        String id = Api.createId(owner.adminToken(), email);

        given().auth().oauth2(intruder.adminToken()).get("/api/v2/invitations/{id}", id).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("invitation_not_found"));
        given().auth().oauth2(intruder.adminToken()).post("/api/v2/invitations/{id}/resend", id).then()
                .statusCode(404).body("code", equalTo("invitation_not_found"));
        given().auth().oauth2(intruder.adminToken()).delete("/api/v2/invitations/{id}", id).then()
                .statusCode(404).body("code", equalTo("invitation_not_found"));
        for (String status : new String[] {null, "PENDING"}) {
            var request = given().auth().oauth2(intruder.adminToken());
            if (status != null) {
                request.queryParam("status", status);
            }
            request.queryParam("pageSize", 100).get("/api/v2/invitations").then().statusCode(200)
                    .body("entities.id", not(hasItem(id))).body("total", equalTo(0));
        }

        // untouched: still pending, one email, its token not replaced
        given().auth().oauth2(owner.adminToken()).get("/api/v2/invitations/{id}", id).then()
                .statusCode(200).body("status", equalTo("PENDING"));
        assertThat(TestData.count("select count(*) from invitation.invitation_send where invitation_id = ?::uuid", id))
                .isEqualTo(1);
        assertThat(TestData.count("select count(*) from invitation.invitation_token where invitation_id = ?::uuid"
                + " and replaced_at is not null", id)).isZero();
    }

    @Test
    void treatsTheSameEmailInAnotherOrgAsUnrelated() {
        TestData.Org first = TestData.org();
        TestData.Org second = TestData.org();
        String email = "shared-" + java.util.UUID.randomUUID() + "@example.test";
        Api.create(first.adminToken(), email).statusCode(201);
        Api.create(second.adminToken(), email).statusCode(201);
        as(second.adminToken()).body(Map.of("invitations", List.of(Map.of("email", email, "name", "Again"))))
                .post("/api/v2/invitations/bulk").then().statusCode(200)
                .body("results[0].status", equalTo(409)).body("results[0].code", equalTo("invitation_exists"));
        TestData.update("insert into invitation.active_user (org_id, email_key, user_id, activated_at) values (?, ?, 'u', now())",
                first.id(), "active-" + email);
        Api.create(second.adminToken(), "active-" + email).statusCode(201);
    }

    @Test
    void keepsIdempotencyKeysPerOrg() {
        TestData.Org first = TestData.org();
        TestData.Org second = TestData.org();
        String key = "key-" + java.util.UUID.randomUUID();
        String firstId = as(first.adminToken()).header("Idempotency-Key", key)
                .body(Api.invitation(first.email("k"), "K", null, null)).post("/api/v2/invitations").then()
                .statusCode(201).extract().path("id");
        String secondId = as(second.adminToken()).header("Idempotency-Key", key)
                .body(Api.invitation(second.email("k"), "K", null, null)).post("/api/v2/invitations").then()
                .statusCode(201).extract().path("id");
        assertThat(secondId).isNotEqualTo(firstId);
    }
}
