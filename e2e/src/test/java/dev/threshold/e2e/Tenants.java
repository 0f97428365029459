package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Organizations and people made through the gateway the way a customer would: the operator creates
 * an org, its first admin follows the emailed link and sets a password; the admin invites others,
 * who do the same. Every name is unique, so tests never depend on what the databases already hold.
 */
final class Tenants {

    static final String PASSWORD = "Tenant-Secret-Passphrase-42";

    record Org(String region, String name, String id, Person admin) {
    }

    record Person(String email, String id, String accessToken, String refreshToken) {
    }

    private Tenants() {
    }

    static Org newOrg(String region, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "admin-" + UUID.randomUUID() + "@" + name + ".test";
        Response created = E2e.gateway().header("X-Region", region).auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(Map.of("name", name, "adminEmail", adminEmail, "adminName", "Ada", "locale", "en"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Person admin = accept(region, adminEmail);
        return new Org(region, name, created.jsonPath().getString("id"), admin);
    }

    /** An active person of the org with the given role, signed in once (body-mode refresh token). */
    static Person newPerson(Org org, String role) {
        String email = role + "-" + UUID.randomUUID() + "@" + org.name() + ".test";
        Response invited = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("email", email, "name", "Bo", "roles", List.of(role), "locale", "en"))
                .post("/api/v2/invitations");
        assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        return accept(org.region(), email);
    }

    static Response login(String region, String email, String password, String client) {
        return E2e.gateway().header("X-Region", region).header("X-Forwarded-For", client)
                .contentType("application/json")
                .body(Map.of("email", email, "password", password)).post("/api/v2/auth/login");
    }

    /** An admin script's token: an API client with role admin and a client-credentials grant. */
    static String apiClientToken(Org org) {
        Response client = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("name", "script-" + UUID.randomUUID().toString().substring(0, 8), "roles", List.of("admin")))
                .post("/api/v2/oauth/clients");
        assertThat(client.statusCode()).as(client.asString()).isEqualTo(201);
        Response grant = E2e.gateway().header("X-Region", org.region())
                .auth().preemptive().basic(client.jsonPath().getString("clientId"), client.jsonPath().getString("clientSecret"))
                .contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .post("/oauth/token");
        assertThat(grant.statusCode()).as(grant.asString()).isEqualTo(200);
        return grant.jsonPath().getString("access_token");
    }

    static String operatorToken() {
        try {
            return InvitationJourneyTest.operatorToken();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Person accept(String region, String email) {
        String token = FirstLoginJourneyTest.invitationToken(email, region);
        Response accepted = E2e.gateway().header("X-Region", region).contentType("application/json")
                .body(Map.of("token", token, "password", PASSWORD, "cookie", false))
                .post("/api/v2/auth/invitations/accept");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        assertThat(accepted.jsonPath().getString("status")).as(accepted.asString()).isEqualTo("AUTHENTICATED");
        return new Person(email, accepted.jsonPath().getString("user.id"), accepted.jsonPath().getString("accessToken"),
                accepted.jsonPath().getString("refreshToken"));
    }
}
