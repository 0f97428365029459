package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    /** An org the operator just created: its first admin has been invited ({@code adminEmail}), not yet accepted. */
    record NewOrg(String region, String name, String id, String adminEmail) {
    }

    record Org(String region, String name, String id, Person admin) {
    }

    record Person(String email, String id, String accessToken, String refreshToken) {
    }

    private Tenants() {
    }

    /** An org whose first admin accepted the invitation with {@link #PASSWORD} and is signed in. */
    static Org newOrg(String region, String prefix) {
        NewOrg created = createOrg(region, prefix);
        return new Org(region, created.name(), created.id(), signedIn(region, created.adminEmail()));
    }

    /** The operator's part only: a new org (admin "Ada", English) whose admin gets the invitation email. */
    static NewOrg createOrg(String region, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "admin-" + UUID.randomUUID() + "@" + name + ".test";
        Response created = E2e.gateway().header("X-Region", region).auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(Map.of("name", name, "adminEmail", adminEmail, "adminName", "Ada", "locale", "en"))
                .post("/api/v2/orgs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return new NewOrg(region, name, created.jsonPath().getString("id"), adminEmail);
    }

    /** An active person of the org with the given role, signed in once (body-mode refresh token). */
    static Person newPerson(Org org, String role) {
        return signedIn(org.region(), invite(org, role));
    }

    /** The org's admin invites a new person (English) with the given role; their address. */
    static String invite(Org org, String role) {
        String email = role + "-" + UUID.randomUUID() + "@" + org.name() + ".test";
        Response invited = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("email", email, "name", "Bo", "roles", List.of(role), "locale", "en"))
                .post("/api/v2/invitations");
        assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        return email;
    }

    /**
     * The invitee follows the emailed link and sets {@code password}; the login result as it is
     * (AUTHENTICATED, or an MFA step). {@code cookie}: the refresh token as a cookie (as the web
     * app asks) or in the body (as native clients do).
     */
    static Response acceptInvitation(String region, String email, String password, boolean cookie) {
        return E2e.gateway().header("X-Region", region).contentType("application/json")
                .body(Map.of("token", Mailbox.invitationToken(email, region), "password", password, "cookie", cookie))
                .post("/api/v2/auth/invitations/accept");
    }

    /** The org's admin changes its settings ({@code PATCH /api/v2/orgs/me}). */
    static void changeSettings(Org org, Map<String, Object> settings) {
        Response patched = E2e.gateway().auth().oauth2(org.admin().accessToken()).contentType("application/json")
                .body(Map.of("settings", settings)).patch("/api/v2/orgs/me");
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
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

    /** The operator's bearer token: $THRESHOLD_OPERATOR_TOKEN, else the one ./threshold generated. */
    static String operatorToken() {
        String fromEnv = System.getenv("THRESHOLD_OPERATOR_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return Files.readString(E2e.ROOT.resolve(".threshold/secrets/operator-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts the invitation with {@link #PASSWORD}, refresh token in the body. */
    private static Person signedIn(String region, String email) {
        Response accepted = acceptInvitation(region, email, PASSWORD, false);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        assertThat(accepted.jsonPath().getString("status")).as(accepted.asString()).isEqualTo("AUTHENTICATED");
        return new Person(email, accepted.jsonPath().getString("user.id"), accepted.jsonPath().getString("accessToken"),
                accepted.jsonPath().getString("refreshToken"));
    }
}
