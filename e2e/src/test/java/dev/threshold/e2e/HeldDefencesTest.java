package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security suite, part "what held": the defences an attacker tried without success against the
 * running system, replayed through the gateway so that they stay that way — tenant isolation by id,
 * forged tokens, authentication before validation, CSRF, CORS, body limits, single-use invitations,
 * the SSO returnTo allow-list.
 */
@DisplayName("Security: defences that held stay held")
class HeldDefencesTest {

    private static final String REGION = "us-east-1";
    private static Tenants.Org victim;
    private static Tenants.Org attacker;
    private static Tenants.Person victimUser;

    @BeforeAll
    static void twoOrganizations() {
        victim = Tenants.newOrg(REGION, "victim");
        attacker = Tenants.newOrg(REGION, "attacker");
        victimUser = Tenants.newPerson(victim, "user");
    }

    @Test
    void anAdminOfAnotherOrganizationFindsNothingById() {
        String token = attacker.admin().accessToken();
        E2e.assertProblem(E2e.gateway().auth().oauth2(token).get("/api/v2/users/" + victimUser.id()), 404, "user_not_found");
        E2e.assertProblem(E2e.gateway().auth().oauth2(token).delete("/api/v2/mfa/users/" + victimUser.id() + "/devices"),
                404, "user_not_found");
        Response invitation = E2e.gateway().auth().oauth2(victim.admin().accessToken()).contentType("application/json")
                .body(Map.of("email", "pending-" + UUID.randomUUID() + "@victim.test", "name", "P", "roles", List.of("user")))
                .post("/api/v2/invitations");
        assertThat(invitation.statusCode()).as(invitation.asString()).isEqualTo(201);
        String invitationId = invitation.jsonPath().getString("id");
        E2e.assertProblem(E2e.gateway().auth().oauth2(token).get("/api/v2/invitations/" + invitationId), 404,
                "invitation_not_found");
        E2e.assertProblem(E2e.gateway().auth().oauth2(token).delete("/api/v2/invitations/" + invitationId), 404,
                "invitation_not_found");
        E2e.assertProblem(E2e.gateway().auth().oauth2(token).post("/api/v2/invitations/" + invitationId + "/resend"), 404,
                "invitation_not_found");
        // the victim's list never shows up in the attacker's
        Response users = E2e.gateway().auth().oauth2(token).queryParam("pageSize", 100).get("/api/v2/users");
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.jsonPath().getList("entities.id")).doesNotContain(victimUser.id(), victim.admin().id());
    }

    @Test
    void forgedTokensAreRefusedByEveryService() {
        String genuine = victimUser.accessToken();
        String[] parts = genuine.split("\\.");
        Base64.Decoder decode = Base64.getUrlDecoder();
        Base64.Encoder encode = Base64.getUrlEncoder().withoutPadding();
        String payload = new String(decode.decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = encode.encodeToString(payload.replace("\"user\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        String otherOrg = encode.encodeToString(payload.replace(victim.id(), attacker.id()).getBytes(StandardCharsets.UTF_8));
        String hs256Header = encode.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        List<String> forged = List.of(
                RegionErrorsTest.unsignedJwt(payload),
                parts[0] + "." + parts[1] + ".",
                parts[0] + "." + elevated + "." + parts[2],
                parts[0] + "." + otherOrg + "." + parts[2],
                hs256Header + "." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "not.a.jwt");
        for (String token : forged) {
            for (String path : List.of("/api/v2/users/me", "/api/v2/mfa/devices", "/api/v2/invitations")) {
                Response r = E2e.gateway().header("X-Region", REGION).auth().oauth2(token).get(path);
                assertThat(r.statusCode()).as("%s with %s -> %s", path, token, r.asString()).isEqualTo(401);
                E2e.assertAnyProblem(r, 401);
            }
        }
    }

    @Test
    void authenticationComesBeforeValidation() {
        Map<String, Object> badBody = Map.of("name", "-bad_name-", "adminEmail", "not-an-email", "plan", "gold");
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).auth().oauth2("wrong-operator-token-0123456789")
                .contentType("application/json").body(badBody).post("/api/v2/orgs"), 401, "operator_token_required");
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).contentType("application/json").body("{\"name\": ")
                .post("/api/v2/orgs"), 401, "operator_token_required");
        for (String path : List.of("/api/v2/invitations", "/api/v2/mfa/enrollments", "/api/v2/oauth/clients",
                "/api/v2/orgs/me/identityproviders")) {
            Response r = E2e.gateway().header("X-Region", REGION).contentType("application/json").body("{\"x\": [")
                    .post(path);
            assertThat(r.statusCode()).as("%s -> %s", path, r.asString()).isEqualTo(401);
            E2e.assertAnyProblem(r, 401);
        }
        // a user (not an admin) with a bad body is refused for the role, not for the body
        Response r = E2e.gateway().auth().oauth2(victimUser.accessToken()).contentType("application/json")
                .body("{\"email\": 5}").post("/api/v2/invitations");
        E2e.assertAnyProblem(r, 403);
    }

    @Test
    void refreshByCookieNeedsTheCsrfHeader() {
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION)
                .cookie("threshold_refresh_" + REGION, victimUser.refreshToken()).post("/api/v2/auth/refresh"),
                403, "csrf_header_missing");
    }

    @Test
    void corsPreflightFromAForeignOriginIsRefused() {
        Response r = E2e.gateway().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-requested-with").options("/api/v2/auth/refresh");
        E2e.assertProblem(r, 403, "origin_not_allowed");
        assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void oversizedBodiesAreRefused() {
        String huge = "{\"email\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}";
        Response r = E2e.gateway().header("X-Region", REGION).contentType("application/json").body(huge)
                .post("/api/v2/auth/login");
        E2e.assertProblem(r, 413, "payload_too_large");
    }

    @Test
    void anInvitationLinkWorksOnce() {
        String email = "once-" + UUID.randomUUID() + "@victim.test";
        Response invited = E2e.gateway().auth().oauth2(victim.admin().accessToken()).contentType("application/json")
                .body(Map.of("email", email, "name", "Once", "roles", List.of("user"))).post("/api/v2/invitations");
        assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        String token = Mailbox.invitationToken(email, REGION);
        Map<String, Object> body = Map.of("token", token, "password", Tenants.PASSWORD, "cookie", false);
        Response first = E2e.gateway().header("X-Region", REGION).contentType("application/json").body(body)
                .post("/api/v2/auth/invitations/accept");
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        Response second = E2e.gateway().header("X-Region", REGION).contentType("application/json").body(body)
                .post("/api/v2/auth/invitations/accept");
        E2e.assertProblem(second, 410, "invitation_used");
    }

    @Test
    void ssoReturnsOnlyToAllowedOrigins() {
        Response r = E2e.gateway().queryParam("region", REGION).queryParam("returnTo", "https://evil.example/steal")
                .get("/api/v2/auth/sso/" + UUID.randomUUID() + "/start");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(E2e.assertAnyProblem(r, 400)).isIn("return_to_not_allowed", "identity_provider_not_found");
    }
}
