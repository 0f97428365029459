package dev.threshold.identity.org;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.identity.support.Tokens;
import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MyOrganizationResourceTest {

    @Test
    void showsOwnOrganizationWhenAdminAsks() {
        String name = Operator.uniqueOrgName("me");
        String orgId = Operator.createOrg(name).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin(orgId)).get("/api/v2/orgs/me").then().statusCode(200)
                .body("id", equalTo(orgId)).body("name", equalTo(name))
                .body("settings.passwordPolicy.requireSymbol", equalTo(true));
    }

    @Test
    void changesOnlyGivenSettingsAndEmitsOrgUpdated() throws Exception {
        String orgId = Operator.createOrg(Operator.uniqueOrgName("patch")).statusCode(201).extract().path("id");
        try (BrokerTap tap = BrokerTap.listen("org.updated")) {
            given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                    .body(Map.of("settings", Map.of("mfaRequired", true, "passwordPolicy", Map.of("minLength", 12))))
                    .patch("/api/v2/orgs/me").then().statusCode(200)
                    .body("settings.mfaRequired", equalTo(true))
                    .body("settings.passwordPolicy.minLength", equalTo(12))
                    .body("settings.passwordPolicy.maxLength", equalTo(400))
                    .body("settings.sessionIdleDays", equalTo(20));

            JsonNode event = tap.await(e -> orgId.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            assertThat(event.path("type").asText()).isEqualTo("threshold.org.updated.v1");
            assertThat(event.path("data").path("settings").path("mfaRequired").asBoolean()).isTrue();
            assertThat(event.path("data").path("settings").path("passwordPolicy").path("minLength").asInt()).isEqualTo(12);

            // an unchanged PATCH is not a change: no second event before this marker org's event
            given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                    .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me").then().statusCode(200);
            String markerOrg = Operator.createOrg(Operator.uniqueOrgName("marker")).statusCode(201).extract().path("id");
            given().auth().oauth2(Tokens.admin(markerOrg)).contentType(ContentType.JSON)
                    .body(Map.of("settings", Map.of("sessionIdleDays", 30))).patch("/api/v2/orgs/me").then().statusCode(200);
            tap.await(e -> markerOrg.equals(e.path("subject").asText()), Duration.ofSeconds(20));
            assertThat(tap.count(e -> orgId.equals(e.path("subject").asText()))).isEqualTo(1);
        }
    }

    @Test
    void rejectsOutOfRangeSettingsWithPointers() {
        String orgId = Operator.createOrg(Operator.uniqueOrgName("bad")).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                .body(Map.of("settings", Map.of("invitationTtlDays", 31, "sessionIdleDays", 0, "defaultLocale", "xx",
                        "passwordPolicy", Map.of("minLength", 4))))
                .patch("/api/v2/orgs/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/settings/invitationTtlDays"))
                .body("errors.pointer", hasItem("/settings/sessionIdleDays"))
                .body("errors.pointer", hasItem("/settings/defaultLocale"))
                .body("errors.pointer", hasItem("/settings/passwordPolicy/minLength"));
        given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                .body(Map.of("settings", Map.of("passwordPolicy", Map.of("minLength", 50, "maxLength", 20))))
                .patch("/api/v2/orgs/me").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/settings/passwordPolicy/minLength"));
        given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                .body(Map.of("settings", Map.of("colour", "red")))
                .patch("/api/v2/orgs/me").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/settings/colour"));
    }

    @Test
    void refusesSsoOnlyWhenOrgHasNoIdentityProvider() {
        String orgId = Operator.createOrg(Operator.uniqueOrgName("sso")).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin(orgId)).contentType(ContentType.JSON)
                .body(Map.of("settings", Map.of("ssoOnly", true))).patch("/api/v2/orgs/me").then()
                .statusCode(409).body("code", equalTo("sso_requires_identity_provider"));
    }

    @Test
    void refusesCallersWithoutAdminToken() {
        String orgId = Operator.createOrg(Operator.uniqueOrgName("auth")).statusCode(201).extract().path("id");
        given().get("/api/v2/orgs/me").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2("not.a.jwt").get("/api/v2/orgs/me").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(Tokens.user(orgId)).get("/api/v2/orgs/me").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().auth().oauth2(Operator.TOKEN).get("/api/v2/orgs/me").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void changesOnlyTheCallersOwnOrganization() {
        String orgA = Operator.createOrg(Operator.uniqueOrgName("tenant-a")).statusCode(201).extract().path("id");
        String orgB = Operator.createOrg(Operator.uniqueOrgName("tenant-b")).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin(orgA)).contentType(ContentType.JSON)
                .body(Map.of("settings", Map.of("mfaRequired", true))).patch("/api/v2/orgs/me").then().statusCode(200);
        given().auth().oauth2(Tokens.admin(orgB)).get("/api/v2/orgs/me").then().statusCode(200)
                .body("id", equalTo(orgB)).body("settings.mfaRequired", equalTo(false));
    }
}
