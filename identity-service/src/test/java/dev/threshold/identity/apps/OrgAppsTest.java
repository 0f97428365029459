package dev.threshold.identity.apps;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 8: the organization's apps. Admins add, change, order and remove them; each
 * person's splash screen ({@code GET /api/v2/users/me/apps}) shows the apps meant for them; an app
 * is never a script URL; one org's apps are nobody else's business.
 */
@QuarkusTest
class OrgAppsTest {

    @Test
    void adminsManageTheAppsAndEachPersonSeesTheOnesMeantForThem() {
        Accounts.Org org = Accounts.newOrg("apps");
        String admin = Tokens.admin(org.id().toString());
        Accounts.Person person = Accounts.person(org, List.of("user"));

        // a new org has no apps
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps").then().statusCode(200)
                .body("entities", empty()).body("total", equalTo(0)).body("pageSize", equalTo(50));
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me/apps").then().statusCode(200)
                .body("entities", empty());

        String wiki = create(admin, Map.of("name", "  Wiki ", "url", "https://wiki.acme.test/start",
                "description", "Handbook and how-tos", "iconUrl", "https://cdn.acme.test/wiki.png"))
                .statusCode(201).header("Location", containsString("/api/v2/orgs/me/apps/"))
                .body("name", equalTo("Wiki")).body("url", equalTo("https://wiki.acme.test/start"))
                .body("description", equalTo("Handbook and how-tos")).body("iconUrl", equalTo("https://cdn.acme.test/wiki.png"))
                .body("visibleTo", equalTo("everyone")).body("position", equalTo(0))
                .body("createdAt", notNullValue()).body("updatedAt", notNullValue())
                .extract().path("id");
        String payroll = create(admin, Map.of("name", "Payroll", "url", "http://payroll.intranet.test",
                "visibleTo", "admins")).statusCode(201).body("position", equalTo(1))
                .body("description", nullValue()).body("iconUrl", nullValue()).extract().path("id");
        String crm = create(admin, Map.of("name", "CRM", "url", "https://crm.acme.test", "position", 0))
                .statusCode(201).extract().path("id");

        // admins see every app, in the order of the tiles (position, then when added)
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps").then().statusCode(200)
                .body("entities.name", contains("Wiki", "CRM", "Payroll")).body("total", equalTo(3));
        given().auth().oauth2(admin).get("/api/v2/users/me/apps").then().statusCode(200)
                .body("entities.name", contains("Wiki", "CRM", "Payroll"));
        // a person who is not an admin: not the admins-only app
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me/apps").then().statusCode(200)
                .body("entities.name", contains("Wiki", "CRM")).body("entities[0].url", equalTo("https://wiki.acme.test/start"));

        // change any subset; "" removes the description and the icon
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Handbook", "description", "", "iconUrl", "", "position", 5))
                .patch("/api/v2/orgs/me/apps/" + wiki).then().statusCode(200)
                .body("name", equalTo("Handbook")).body("url", equalTo("https://wiki.acme.test/start"))
                .body("description", nullValue()).body("iconUrl", nullValue()).body("position", equalTo(5));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("visibleTo", "everyone"))
                .patch("/api/v2/orgs/me/apps/" + payroll).then().statusCode(200).body("visibleTo", equalTo("everyone"));
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me/apps").then().statusCode(200)
                .body("entities.name", contains("CRM", "Payroll", "Handbook"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps/" + crm).then().statusCode(200).body("name", equalTo("CRM"));

        // remove
        given().auth().oauth2(admin).delete("/api/v2/orgs/me/apps/" + crm).then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v2/orgs/me/apps/" + crm).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("org_app_not_found"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps/" + crm).then().statusCode(404)
                .body("code", equalTo("org_app_not_found"));
        given().auth().oauth2(person.accessToken()).get("/api/v2/users/me/apps").then()
                .body("entities.name", contains("Payroll", "Handbook"));
    }

    @Test
    void anAppIsAWebAddressNeverAScript() {
        Accounts.Org org = Accounts.newOrg("apps-urls");
        String admin = Tokens.admin(org.id().toString());
        for (String url : List.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                "ftp://files.acme.test", "https://user:pw@acme.test/", "https://acme.test/a b", "//acme.test", "acme.test",
                "https://", "https://acme.test/\u0000", "vbscript:msgbox")) {
            fieldError(create(admin, Map.of("name", "Bad", "url", url)), "/url", "pattern");
        }
        for (String icon : List.of("javascript:alert(1)", "http://cdn.acme.test/i.png", "data:text/html;base64,PHNjcmlwdD4=")) {
            fieldError(create(admin, Map.of("name", "Bad", "url", "https://acme.test", "iconUrl", icon)), "/iconUrl",
                    "pattern");
        }
        fieldError(create(admin, Map.of("name", " ", "url", "https://acme.test")), "/name", "required");
        fieldError(create(admin, Map.of("name", "N".repeat(61), "url", "https://acme.test")), "/name", "size");
        fieldError(create(admin, Map.of("name", "Ok", "url", "https://acme.test/" + "p".repeat(2000))), "/url", "size");
        fieldError(create(admin, Map.of("name", "Ok", "url", "https://acme.test", "description", "d".repeat(201))),
                "/description", "size");
        fieldError(create(admin, Map.of("name", "Ok", "url", "https://acme.test", "visibleTo", "managers")), "/visibleTo",
                "pattern");
        fieldError(create(admin, Map.of("name", "Ok", "url", "https://acme.test", "position", -1)), "/position", "range");
        fieldError(create(admin, Map.of("name", "Ok")), "/url", "required");
        // the refusals are in the caller's language
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("Accept-Language", "de")
                .body(Map.of("name", "Bad", "url", "javascript:alert(1)")).post("/api/v2/orgs/me/apps").then()
                .statusCode(400).body("errors[0].detail", equalTo("Verwenden Sie eine Adresse mit https:// oder http://."));

        // good ones: https and http, upper-case schemes, query and fragment, an inline icon
        create(admin, Map.of("name", "Ok", "url", "HTTPS://Acme.test:8443/x?y=1#z",
                "iconUrl", "data:image/png;base64,iVBORw0KGgo=")).statusCode(201);
        String id = create(admin, Map.of("name", "Ok 2", "url", "http://10.0.0.8/")).statusCode(201).extract().path("id");
        // and PATCH holds the same rules
        fieldError(patch(admin, id, Map.of("url", "javascript:alert(1)")), "/url", "pattern");
        fieldError(patch(admin, id, Map.of("name", "  ")), "/name", "pattern");
        patch(admin, id, Map.of("name", "")).statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/name"));
        fieldError(patch(admin, id, Map.of("visibleTo", "nobody")), "/visibleTo", "pattern");
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps/" + id).then().body("url", equalTo("http://10.0.0.8/"));
    }

    @Test
    void onlyTheOrgsAdminsManageItsAppsAndOnlyItsPeopleSeeThem() {
        Accounts.Org org = Accounts.newOrg("apps-own");
        Accounts.Org other = Accounts.newOrg("apps-other");
        String admin = Tokens.admin(org.id().toString());
        String otherAdmin = Tokens.admin(other.id().toString());
        String id = create(admin, Map.of("name", "Wiki", "url", "https://wiki.acme.test")).statusCode(201)
                .extract().path("id");

        // another org's admin: not found, not listed, not changed, not removed
        given().auth().oauth2(otherAdmin).get("/api/v2/orgs/me/apps/" + id).then().statusCode(404)
                .body("code", equalTo("org_app_not_found"));
        patch(otherAdmin, id, Map.of("name", "Hijacked")).statusCode(404).body("code", equalTo("org_app_not_found"));
        given().auth().oauth2(otherAdmin).delete("/api/v2/orgs/me/apps/" + id).then().statusCode(404)
                .body("code", equalTo("org_app_not_found"));
        given().auth().oauth2(otherAdmin).get("/api/v2/orgs/me/apps").then().body("entities", empty());
        given().auth().oauth2(Tokens.user(other.id().toString())).get("/api/v2/users/me/apps").then().statusCode(200)
                .body("entities", empty());

        // a person who is not an admin manages nothing, whatever the body (authorized before validated)
        String user = Tokens.user(org.id().toString());
        given().auth().oauth2(user).get("/api/v2/orgs/me/apps").then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(user).contentType(ContentType.JSON).body("{\"url\":\"javascript:x\"}")
                .post("/api/v2/orgs/me/apps").then().statusCode(403).body("code", equalTo("forbidden"));
        patch(user, id, Map.of("name", "Mine")).statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(user).delete("/api/v2/orgs/me/apps/" + id).then().statusCode(403).body("code", equalTo("forbidden"));
        // nobody without a token
        given().get("/api/v2/users/me/apps").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "url", "https://x.test")).post("/api/v2/orgs/me/apps")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
        // malformed ids are a 404 of their own kind, never a server error
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps/not-a-uuid").then().statusCode(404).body("code", equalTo("not_found"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps/" + id).then().statusCode(200).body("name", equalTo("Wiki"));
    }

    @Test
    void anApiClientOfTheAdminsManagesAppsButHasNoSplashScreen() {
        Accounts.Org org = Accounts.newOrg("apps-client");
        String admin = Tokens.admin(org.id().toString());
        var client = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "sync", "roles", List.of("admin"))).post("/api/v2/oauth/clients").then()
                .statusCode(201).extract().jsonPath();
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", client.getString("clientId")).formParam("client_secret", client.getString("clientSecret"))
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
        create(token, Map.of("name", "From a script", "url", "https://acme.test")).statusCode(201);
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps").then().body("entities.name", hasItem("From a script"));
        given().auth().oauth2(token).get("/api/v2/users/me/apps").then().statusCode(403)
                .body("code", equalTo("token_not_accepted"));
    }

    @Test
    void anOrganizationHasAtMostFiftyApps() {
        Accounts.Org org = Accounts.newOrg("apps-limit");
        String admin = Tokens.admin(org.id().toString());
        for (int i = 0; i < 50; i++) {
            Accounts.sql("insert into org_app (id, org_id, name, url, visible_to, position, created_at, updated_at)"
                    + " values (gen_random_uuid(), ?, ?, 'https://acme.test', 'everyone', ?, now(), now())", org.id(), "App " + i, i);
        }
        create(admin, Map.of("name", "One more", "url", "https://acme.test")).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("org_app_limit"));
        given().auth().oauth2(admin).get("/api/v2/orgs/me/apps").then().body("total", equalTo(50));
    }

    // ---------------------------------------------------------------- helpers

    private static ValidatableResponse create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(new HashMap<>(body))
                .post("/api/v2/orgs/me/apps").then();
    }

    private static ValidatableResponse patch(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(new HashMap<>(body))
                .patch("/api/v2/orgs/me/apps/" + id).then();
    }

    private static void fieldError(ValidatableResponse response, String pointer, String code) {
        response.statusCode(400).contentType("application/problem+json").body("code", equalTo("validation_failed"))
                .body("errors.find { it.pointer == '%s' }.code".formatted(pointer), equalTo(code));
    }
}
