package dev.threshold.identity.support;

import static io.restassured.RestAssured.given;

import dev.threshold.common.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Organizations and people with passwords, made through the public API (invitation accepted). */
public final class Accounts {

    public static final String PASSWORD = "Correct-Horse-7-battery";

    private Accounts() {
    }

    public record Org(UUID id, String name) {
    }

    /** A logged-in person: the body of the accept call (cookie: false, so the refresh token is in it). */
    public record Person(UUID orgId, String email, String password, UUID userId, String accessToken,
            String refreshToken) {
    }

    public static Org newOrg(String prefix) {
        String name = Operator.uniqueOrgName(prefix);
        String id = Operator.createOrg(name).statusCode(201).extract().path("id");
        return new Org(UUID.fromString(id), name);
    }

    public static Person person(Org org, List<String> roles) {
        return person(org, "p-" + UUID.randomUUID() + "@example.test", PASSWORD, roles);
    }

    public static Person person(Org org, String email, String password, List<String> roles) {
        String token = InvitationStub.add(org.id(), org.name(), email, roles, "fr");
        JsonPath body = accept(token, password, Map.of("cookie", false)).statusCode(200).extract().jsonPath();
        return new Person(org.id(), email, password, UUID.fromString(body.getString("user.id")),
                body.getString("accessToken"), body.getString("refreshToken"));
    }

    public static io.restassured.response.ValidatableResponse accept(String token, String password,
            Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("token", token);
        body.put("password", password);
        return given().contentType(ContentType.JSON).body(body).post("/api/v2/auth/invitations/accept").then();
    }

    public static io.restassured.response.ValidatableResponse login(String email, String password, String clientIp) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", clientIp)
                .body(Map.of("email", email, "password", password, "cookie", false))
                .post("/api/v2/auth/login").then();
    }

    /** A person the admin invited, as the invitation-events consumer records them. */
    public static UUID invited(Accounts.Org org, String email) {
        UUID id = UUID.randomUUID();
        sql("insert into app_user (id, org_id, email, name, state, roles, locale, invitation_id, created_at,"
                + " updated_at) values (?, ?, ?, 'Invited Person', 'INVITED', 'user', 'de', ?, now(), now())",
                id, org.id(), email, UUID.randomUUID());
        return id;
    }

    /** Changes org settings as its admin (a token minted for the test). */
    public static void settings(Org org, Map<String, Object> settings) {
        given().auth().oauth2(Tokens.admin(org.id().toString())).contentType(ContentType.JSON)
                .body(Map.of("settings", settings)).patch("/api/v2/orgs/me").then().statusCode(200);
    }

    /** Sets a user's state behind the API's back (states that only events or SSO produce). */
    public static void setState(UUID userId, String state) {
        sql("update app_user set state = ? where id = ?", state, userId);
    }

    /** Sets one org setting behind the API's back (e.g. ssoOnly, which needs an IdP through the API). */
    public static void forceSettings(Org org, String setting, Object value) {
        sql("update organization set settings = jsonb_set(settings::jsonb, ?::text[], ?::jsonb)::text"
                + " where id = ?", "{" + setting + "}", String.valueOf(value), org.id());
    }

    public static void sql(String statement, Object... parameters) {
        TestDatabase.update(statement, parameters);
    }

    /** The first column of the first row. */
    public static String query(String statement, Object... parameters) {
        return TestDatabase.value(statement, parameters);
    }

    public static String randomIp() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250));
    }
}
