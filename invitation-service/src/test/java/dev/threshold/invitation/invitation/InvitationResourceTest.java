package dev.threshold.invitation.invitation;

import static dev.threshold.invitation.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.invitation.support.Api;
import dev.threshold.invitation.support.Mails;
import dev.threshold.invitation.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationResourceTest {

    @Test
    void createsPendingInvitationWithQueuedDeliveryWhenAdminInvites() {
        TestData.Org org = TestData.org();
        String email = org.email("grace");
        Instant before = Instant.now();

        String id = as(org.adminToken()).body(Api.invitation(email, "Grace Hopper", List.of("user", "admin"), "de"))
                .post("/api/v2/invitations").then()
                .statusCode(201)
                .header("Location", containsString("/api/v2/invitations/"))
                .body("id", notNullValue())
                .body("email", equalTo(email))
                .body("name", equalTo("Grace Hopper"))
                .body("roles", contains("admin", "user"))
                .body("locale", equalTo("de"))
                .body("status", equalTo("PENDING"))
                .body("invitedBy", equalTo("admin@" + org.id() + ".test"))
                .body("delivery.state", equalTo("QUEUED"))
                .body("delivery.attempts", equalTo(0))
                .extract().path("id");

        Instant expiresAt = Instant.parse(given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).extract().path("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(7)), Instant.now().plus(Duration.ofDays(7)));
        // the token is only ever stored hashed
        assertThat(TestData.query("select token_hash from invitation.invitation where id = ?::uuid", id).get(0)
                .get("token_hash").toString()).hasSize(64);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then()
                        .body("delivery.state", equalTo("SENT")).body("delivery.attempts", equalTo(1)));
        assertThat(TestData.query("select token from invitation.invitation_send where invitation_id = ?::uuid", id)
                .get(0).get("token")).isNull();
    }

    @Test
    void defaultsToUserRoleAndOrgLanguage() {
        TestData.Org org = TestData.org();
        as(org.adminToken()).body(Map.of("email", org.email("min"), "name", "Min")).post("/api/v2/invitations").then()
                .statusCode(201).body("roles", contains("user")).body("locale", nullValue());
    }

    @Test
    void usesTheOrgsInvitationLifetime() {
        TestData.Org org = TestData.org(TestData.DEFAULT_SETTINGS.replace("\"invitationTtlDays\":7", "\"invitationTtlDays\":2"));
        String expiresAt = Api.create(org.adminToken(), org.email("ttl")).statusCode(201).extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isBetween(Instant.now().plus(Duration.ofDays(2)).minusSeconds(60),
                Instant.now().plus(Duration.ofDays(2)));
    }

    @Test
    void refusesSecondPendingInvitationWhenEmailDiffersOnlyInCase() {
        TestData.Org org = TestData.org();
        String email = org.email("ada");
        Api.create(org.adminToken(), email).statusCode(201);
        Api.create(org.adminToken(), email.toUpperCase()).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("invitation_exists"));
    }

    @Test
    void refusesInvitationWhenUserIsAlreadyActive() {
        TestData.Org org = TestData.org();
        String email = org.email("active");
        TestData.update("insert into invitation.active_user (org_id, email_key, user_id, activated_at) values (?, ?, 'u1', now())",
                org.id(), email.toLowerCase());
        Api.create(org.adminToken(), email).statusCode(409).body("code", equalTo("user_exists"));
    }

    @Test
    void answersOrgNotReadyWhenOrgIsUnknown() {
        String token = dev.threshold.common.testing.TestTokens.admin(java.util.UUID.randomUUID().toString());
        Api.create(token, "x@unknown.test").statusCode(503).header("Retry-After", "5").body("code", equalTo("org_not_ready"));
    }

    @Test
    void rejectsBadInputWithPointersAndWritesNothing() {
        TestData.Org org = TestData.org();
        String tooLong = "a".repeat(250) + "@example.test";
        Object[][] cases = {
            {Map.of("email", "not-an-email", "name", "X"), "/email", "email"},
            {Map.of("email", "a@b", "name", "X"), "/email", "email"},
            {Map.of("email", tooLong, "name", "X"), "/email", "size"},
            {Map.of("email", "a@example.test"), "/name", "required"},
            {Map.of("email", "a@example.test", "name", "X", "roles", List.of("owner")), "/roles/0", "pattern"},
            {Map.of("email", "a@example.test", "name", "X", "roles", List.of()), "/roles", "size"},
            {Map.of("email", "a@example.test", "name", "X", "locale", "xx"), "/locale", "pattern"},
            {Map.of("email", "a@example.test", "name", "X", "color", "red"), "/color", "unknown_field"},
            {Map.of("email", "a@example.test", "name", List.of(1)), "/name", "invalid_type"},
            {Map.of("email", "a@example.test", "name", "Line\nBreak"), "/name", "pattern"},
        };
        for (Object[] c : cases) {
            as(org.adminToken()).body(c[0]).post("/api/v2/invitations").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"))
                    .body("errors.pointer", hasItem(c[1]))
                    .body("errors.findAll { it.pointer == '" + c[1] + "' }.code", hasItem(c[2]));
        }
        as(org.adminToken()).body("{\"email\": ").post("/api/v2/invitations").then()
                .statusCode(400).body("code", equalTo("malformed_json"));
        as(org.adminToken()).post("/api/v2/invitations").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        given().auth().oauth2(org.adminToken()).contentType(ContentType.TEXT).body("email=x").post("/api/v2/invitations")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
        assertThat(TestData.count("select count(*) from invitation.invitation where org_id = ?", org.id())).isZero();
    }

    @Test
    void listsInvitationsOfTheOrgNewestFirstWithPaging() {
        TestData.Org org = TestData.org();
        String first = Api.createId(org.adminToken(), org.email("one"));
        String second = Api.createId(org.adminToken(), org.email("two"));
        String third = Api.createId(org.adminToken(), org.email("three"));
        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", first).then().statusCode(204);

        given().auth().oauth2(org.adminToken()).queryParam("pageSize", 2).get("/api/v2/invitations").then()
                .statusCode(200)
                .body("entities.id", contains(third, second))
                .body("pageSize", equalTo(2)).body("pageNumber", equalTo(1)).body("total", equalTo(3));
        given().auth().oauth2(org.adminToken()).queryParam("pageSize", 2).queryParam("pageNumber", 2)
                .get("/api/v2/invitations").then().body("entities.id", contains(first));
        given().auth().oauth2(org.adminToken()).queryParam("status", "PENDING").get("/api/v2/invitations").then()
                .body("entities.id", containsInAnyOrder(second, third)).body("entities.status", everyItem(equalTo("PENDING")))
                .body("total", equalTo(2));
        given().auth().oauth2(org.adminToken()).queryParam("status", "revoked").get("/api/v2/invitations").then()
                .body("entities.id", contains(first));
    }

    @Test
    void rejectsBadPagingParameters() {
        TestData.Org org = TestData.org();
        Object[][] cases = {{"pageSize", "0"}, {"pageSize", "101"}, {"pageSize", "ten"}, {"pageNumber", "0"},
            {"pageNumber", "-1"}, {"pageNumber", "99999999999"}, {"status", "LOST"}};
        for (Object[] c : cases) {
            given().auth().oauth2(org.adminToken()).queryParam((String) c[0], c[1]).get("/api/v2/invitations").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"))
                    .body("errors[0].pointer", equalTo("/" + c[0]));
        }
    }

    @Test
    void answersNotFoundForUnknownOrMalformedIds() {
        TestData.Org org = TestData.org();
        for (String id : new String[] {java.util.UUID.randomUUID().toString(), "not-a-uuid"}) {
            given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then()
                    .statusCode(404).body("code", equalTo("invitation_not_found"));
            given().auth().oauth2(org.adminToken()).post("/api/v2/invitations/{id}/resend", id).then()
                    .statusCode(404).body("code", equalTo("invitation_not_found"));
            given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", id).then()
                    .statusCode(404).body("code", equalTo("invitation_not_found"));
        }
    }

    @Test
    void resendIssuesNewTokenAndRetiresTheOldLink() {
        TestData.Org org = TestData.org();
        String email = org.email("resend");
        String id = Api.createId(org.adminToken(), email);
        String firstToken = Mails.awaitToken(email);

        given().auth().oauth2(org.adminToken()).post("/api/v2/invitations/{id}/resend", id).then()
                .statusCode(202).body("status", equalTo("PENDING")).body("delivery.state", equalTo("QUEUED"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> dev.threshold.invitation.support.MailServer.messagesTo(email).size() == 2);
        String secondToken = Mails.awaitToken(email);
        assertThat(secondToken).isNotEqualTo(firstToken);
        Api.lookup(firstToken).statusCode(410).body("code", equalTo("invitation_revoked"));
        Api.redeem(firstToken).statusCode(410).body("code", equalTo("invitation_revoked"));
        Api.lookup(secondToken).statusCode(200).body("email", equalTo(email));
    }

    @Test
    void revokeKillsTheLinkAndIsRepeatable() {
        TestData.Org org = TestData.org();
        String email = org.email("revoke");
        String id = Api.createId(org.adminToken(), email);
        String token = Mails.awaitToken(email);

        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", id).then().statusCode(204);
        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", id).then().statusCode(204);
        given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then()
                .body("status", equalTo("REVOKED")).body("revokedAt", notNullValue());
        Api.lookup(token).statusCode(410).body("code", equalTo("invitation_revoked"));
        Api.redeem(token).statusCode(410).body("code", equalTo("invitation_revoked"));
        given().auth().oauth2(org.adminToken()).post("/api/v2/invitations/{id}/resend", id).then()
                .statusCode(409).body("code", equalTo("invitation_not_pending"));
        // the email can be invited again once the old invitation is no longer pending
        Api.create(org.adminToken(), email).statusCode(201);
    }

    @Test
    void cannotRevokeAcceptedInvitation() {
        TestData.Org org = TestData.org();
        String email = org.email("accepted");
        String id = Api.createId(org.adminToken(), email);
        Api.redeem(Mails.awaitToken(email)).statusCode(200);
        given().auth().oauth2(org.adminToken()).delete("/api/v2/invitations/{id}", id).then()
                .statusCode(409).body("code", equalTo("invitation_not_pending"));
        given().auth().oauth2(org.adminToken()).get("/api/v2/invitations/{id}", id).then()
                .body("status", equalTo("ACCEPTED")).body("acceptedAt", notNullValue());
    }

    @Test
    void listIsEmptyForOrgWithoutInvitations() {
        TestData.Org org = TestData.org();
        given().auth().oauth2(org.adminToken()).get("/api/v2/invitations").then().statusCode(200)
                .body("entities", hasSize(0)).body("total", equalTo(0));
    }
}
