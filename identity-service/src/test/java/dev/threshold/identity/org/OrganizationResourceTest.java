package dev.threshold.identity.org;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.threshold.identity.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrganizationResourceTest {

    @Test
    void createsOrganizationWithDefaultSettingsWhenOperatorAsks() {
        String name = Operator.uniqueOrgName("acme");
        Operator.createOrg(name).statusCode(201)
                .header("Location", containsString("/api/v2/orgs/"))
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("region", equalTo("us-east-1"))
                .body("settings.mfaRequired", equalTo(false))
                .body("settings.ssoOnly", equalTo(false))
                .body("settings.defaultLocale", equalTo("de"))
                .body("settings.invitationTtlDays", equalTo(7))
                .body("settings.sessionIdleDays", equalTo(20))
                .body("settings.passwordPolicy.minLength", equalTo(8))
                .body("settings.passwordPolicy.maxLength", equalTo(400))
                .body("settings.passwordPolicy.historySize", equalTo(10))
                .body("settings.passwordPolicy.maxFailedAttempts", equalTo(6))
                .body("settings.passwordPolicy.lockoutMinutes", equalTo(5));
    }

    @Test
    void rejectsNameWhenTakenIgnoringCase() {
        String name = Operator.uniqueOrgName("dup");
        Operator.createOrg(name).statusCode(201);
        Operator.createOrg(name.toUpperCase()).statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("org_name_taken"))
                .body("detail", containsString(name));
    }

    @Test
    void rejectsCallWhenOperatorTokenMissingOrWrong() {
        Map<String, String> body = Map.of("name", Operator.uniqueOrgName("x"), "adminEmail", "a@x.test", "adminName", "A");
        given().contentType(ContentType.JSON).body(body).post("/api/v2/orgs").then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("operator_token_required"));
        given().auth().oauth2("wrong-token-wrong-token").contentType(ContentType.JSON).body(body).post("/api/v2/orgs")
                .then().statusCode(401).body("code", equalTo("operator_token_required"));
    }

    @Test
    void authenticatesOperatorBeforeReadingTheBody() {
        Map<String, String> invalid = Map.of("name", "-bad_name-", "adminEmail", "not-an-email", "plan", "gold");
        given().auth().oauth2("wrong-token-wrong-token").contentType(ContentType.JSON).body(invalid)
                .post("/api/v2/orgs").then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("operator_token_required"));
        given().contentType(ContentType.JSON).body("{\"name\": ").post("/api/v2/orgs").then()
                .statusCode(401).body("code", equalTo("operator_token_required"));
        given().auth().oauth2("wrong-token-wrong-token").post("/api/v2/keys/rotate").then()
                .statusCode(401).body("code", equalTo("operator_token_required"));
    }

    @Test
    void namesEachInvalidFieldWhenBodyIsInvalid() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "-bad_name-", "adminEmail", "not-an-email", "adminName", "", "locale", "xx"))
                .post("/api/v2/orgs").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.pointer", containsInAnyOrder("/name", "/adminEmail", "/adminName", "/locale"))
                .body("errors.code", hasItem("pattern"));
    }

    @Test
    void rejectsOverlongNameAndEmail() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "a".repeat(64), "adminEmail", "a".repeat(250) + "@x.test", "adminName", "A"))
                .post("/api/v2/orgs").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/name")).body("errors.pointer", hasItem("/adminEmail"));
    }

    @Test
    void rejectsUnknownFieldWithItsPointer() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", Operator.uniqueOrgName("u"), "adminEmail", "a@x.test", "adminName", "A", "plan", "gold"))
                .post("/api/v2/orgs").then()
                .statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].pointer", equalTo("/plan")).body("errors[0].code", equalTo("unknown_field"));
    }

    @Test
    void rejectsWrongJsonTypeWithItsPointer() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON)
                .body("{\"name\": [1], \"adminEmail\": \"a@x.test\", \"adminName\": \"A\"}")
                .post("/api/v2/orgs").then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].pointer", equalTo("/name"));
    }

    @Test
    void rejectsMissingBody() {
        given().auth().oauth2(Operator.TOKEN).contentType(ContentType.JSON).post("/api/v2/orgs").then()
                .statusCode(400).body("code", equalTo("validation_failed")).contentType("application/problem+json");
    }
}
