package dev.threshold.identity.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threshold.identity.support.Tokens;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Invited users appear from invitation-service's events, scoped to their organization. */
@QuarkusTest
class UserResourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Test
    void listsInvitedUserWhenInvitationCreatedEventArrives() throws Exception {
        String orgId = newOrg();
        String invitationId = UUID.randomUUID().toString();
        String email = "Invitee-" + UUID.randomUUID() + "@example.test";
        String eventJson = invitationEvent("invitation.created", orgId, invitationId, email);
        BrokerTap.publish("invitation.created", eventJson);
        BrokerTap.publish("invitation.created", eventJson); // redelivered: applied once

        String admin = Tokens.admin(orgId);
        Awaitility.await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(admin)
                .queryParam("state", "INVITED").get("/api/v2/users").then().statusCode(200)
                .body("total", equalTo(1))
                .body("entities[0].email", equalTo(email.toLowerCase()))
                .body("entities[0].state", equalTo("INVITED"))
                .body("entities[0].roles", equalTo(List.of("user")))
                .body("pageNumber", equalTo(1)).body("pageSize", equalTo(25)));

        String userId = given().auth().oauth2(admin).get("/api/v2/users").then().extract().path("entities[0].id");
        given().auth().oauth2(admin).get("/api/v2/users/" + userId).then().statusCode(200)
                .body("name", equalTo("Ina Vitee")).body("locale", equalTo("fr"));

        BrokerTap.publish("invitation.revoked", invitationEvent("invitation.revoked", orgId, invitationId, email));
        Awaitility.await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v2/users/" + userId).then().body("state", equalTo("INVITATION_REVOKED")));
        given().auth().oauth2(admin).queryParam("state", "invited").get("/api/v2/users").then()
                .body("total", equalTo(0));
    }

    @Test
    void saysWhoHasMfaSoAnAdminCanResetOnlyThat() throws Exception {
        dev.threshold.identity.support.Accounts.Org org = dev.threshold.identity.support.Accounts.newOrg("users-mfa");
        dev.threshold.identity.support.Accounts.Person person = dev.threshold.identity.support.Accounts.person(org,
                List.of("user"));
        String admin = Tokens.admin(org.id().toString());
        given().auth().oauth2(admin).get("/api/v2/users/" + person.userId()).then().statusCode(200)
                .body("mfaEnrolled", equalTo(false));
        BrokerTap.publish("mfa.enrolled", """
                {"specversion":"1.0","id":"%s","source":"/threshold/us-east-1/mfa-service","type":"threshold.mfa.enrolled.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json","orgid":"%s","region":"us-east-1",
                 "data":{"userId":"%s","orgId":"%s","devices":1}}"""
                .formatted(UUID.randomUUID(), person.userId(), Instant.now(), org.id(), person.userId(), org.id()));
        Awaitility.await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(admin).get("/api/v2/users").then()
                .body("entities.find { it.id == '%s' }.mfaEnrolled".formatted(person.userId()), equalTo(true)));
    }

    @Test
    void answersNotFoundForAnotherOrganizationsUser() throws Exception {
        String orgA = newOrg();
        String orgB = newOrg();
        BrokerTap.publish("invitation.created",
                invitationEvent("invitation.created", orgA, UUID.randomUUID().toString(), "a-" + UUID.randomUUID() + "@x.test"));
        String adminA = Tokens.admin(orgA);
        Awaitility.await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(adminA).get("/api/v2/users")
                .then().body("total", equalTo(1)));
        String userOfA = given().auth().oauth2(adminA).get("/api/v2/users").then().extract().path("entities[0].id");

        given().auth().oauth2(Tokens.admin(orgB)).get("/api/v2/users/" + userOfA).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("user_not_found"));
        given().auth().oauth2(Tokens.admin(orgB)).get("/api/v2/users").then().statusCode(200)
                .body("entities.id", not(hasItem(userOfA)));
    }

    @Test
    void rejectsBadQueryAndPathParameters() {
        String admin = Tokens.admin(newOrg());
        given().auth().oauth2(admin).queryParam("state", "SLEEPING").get("/api/v2/users").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors[0].pointer", equalTo("/state"));
        given().auth().oauth2(admin).queryParam("pageSize", "0").get("/api/v2/users").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/pageSize"));
        given().auth().oauth2(admin).queryParam("pageNumber", "abc").get("/api/v2/users").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/pageNumber"));
        given().auth().oauth2(admin).get("/api/v2/users/not-a-uuid").then().statusCode(404).body("code", equalTo("not_found"))
                .contentType("application/problem+json");
    }

    @Test
    void refusesNonAdmins() {
        String orgId = newOrg();
        given().get("/api/v2/users").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2(Tokens.user(orgId)).get("/api/v2/users").then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    private static String newOrg() {
        return Operator.createOrg(Operator.uniqueOrgName("users")).statusCode(201).extract().path("id");
    }

    private static String invitationEvent(String name, String orgId, String invitationId, String email) throws Exception {
        ObjectNode data = MAPPER.createObjectNode()
                .put("invitationId", invitationId).put("orgId", orgId).put("email", email)
                .put("name", "Ina Vitee").put("locale", "fr").put("expiresAt", Instant.now().plusSeconds(3600).toString())
                .put("someFutureField", "ignored");
        data.putArray("roles").add("user");
        ObjectNode event = MAPPER.createObjectNode()
                .put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/threshold/us-east-1/invitation-service").put("type", "threshold." + name + ".v1")
                .put("subject", invitationId).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("orgid", orgId).put("region", "us-east-1");
        event.set("data", data);
        return MAPPER.writeValueAsString(event);
    }
}
