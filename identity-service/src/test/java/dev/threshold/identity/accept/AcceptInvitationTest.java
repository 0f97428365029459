package dev.threshold.identity.accept;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.InvitationStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InvitationStub.class, restrictToAnnotatedClass = false)
class AcceptInvitationTest {

    @Test
    void acceptingLogsInWithCookieAndActivatesTheUser() throws Exception {
        Accounts.Org org = Accounts.newOrg("accept");
        String email = "New.Person-" + UUID.randomUUID() + "@Example.test";
        String token = InvitationStub.add(org.id(), org.name(), email, List.of("admin"), "fr");
        try (BrokerTap tap = BrokerTap.listen("user.activated", "user.logged_in")) {
            Response response = given().contentType(ContentType.JSON)
                    .body(Map.of("token", token, "password", Accounts.PASSWORD, "locale", "de"))
                    .post("/api/v2/auth/invitations/accept");
            response.then().statusCode(200)
                    .header("Cache-Control", containsString("no-store"))
                    .body("status", equalTo("AUTHENTICATED"))
                    .body("tokenType", equalTo("Bearer"))
                    .body("expiresIn", equalTo(300))
                    .body("refreshToken", nullValue())
                    .body("user.email", equalTo(email.toLowerCase()))
                    .body("user.orgName", equalTo(org.name()))
                    .body("user.region", equalTo("us-east-1"))
                    .body("user.locale", equalTo("de"))
                    .body("user.roles", equalTo(List.of("admin")));
            String setCookie = response.getHeader("Set-Cookie");
            assertThat(setCookie).startsWith("threshold_refresh_us-east-1=").contains("Path=/api/v2/auth")
                    .contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Secure")
                    .contains("Max-Age=1728000");
            String accessToken = response.path("accessToken");
            given().auth().oauth2(accessToken).get("/api/v2/users/me").then().statusCode(200)
                    .body("email", equalTo(email.toLowerCase())).body("locale", equalTo("de"))
                    .body("authMethod", equalTo("password")).body("mfa.enrolled", equalTo(false))
                    .body("mfa.required", equalTo(false)).body("region", equalTo("us-east-1"));
            String userId = response.path("user.id");
            tap.await(e -> e.path("type").asText().equals("threshold.user.activated.v1")
                    && e.path("data").path("userId").asText().equals(userId), Duration.ofSeconds(20));
            tap.await(e -> e.path("type").asText().equals("threshold.user.logged_in.v1")
                    && e.path("data").path("userId").asText().equals(userId), Duration.ofSeconds(20));
        }
        // the same link again: already used
        Accounts.accept(token, Accounts.PASSWORD, Map.of()).statusCode(410).body("code", equalTo("invitation_used"));
    }

    @Test
    void weakPasswordIsRefusedRuleByRuleAndTheInvitationStaysUsable() {
        Accounts.Org org = Accounts.newOrg("weak");
        String token = InvitationStub.add(org.id(), org.name(), "w-" + UUID.randomUUID() + "@x.test", List.of("user"), "en");
        int redeemsBefore = InvitationStub.redeems();
        Accounts.accept(token, "short", Map.of()).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("password_policy"))
                .body("errors.code", hasItems("min_length", "uppercase", "digit", "symbol"))
                .body("errors.pointer", hasItems("/password"));
        Accounts.accept(token, "Password", Map.of()).statusCode(400)
                .body("errors.code", hasItems("common_password"));
        assertThat(InvitationStub.redeems()).isEqualTo(redeemsBefore);
        Accounts.accept(token, Accounts.PASSWORD, Map.of()).statusCode(200);
    }

    @Test
    void deadLinksAreExplained() {
        Accounts.Org org = Accounts.newOrg("dead");
        for (String[] statusAndCode : new String[][] {{"EXPIRED", "invitation_expired"},
                {"REVOKED", "invitation_revoked"}, {"ACCEPTED", "invitation_used"}}) {
            String token = InvitationStub.add(new InvitationStub.Invitation(UUID.randomUUID(), org.id(), org.name(),
                    "d@x.test", "D", List.of("user"), "en", statusAndCode[0]));
            Accounts.accept(token, Accounts.PASSWORD, Map.of()).statusCode(410).body("code", equalTo(statusAndCode[1]));
        }
        Accounts.accept("no-such-token", Accounts.PASSWORD, Map.of()).statusCode(404)
                .body("code", equalTo("invitation_not_found"));
    }

    @Test
    void unavailableInvitationServiceIsA503() {
        InvitationStub.down(true);
        try {
            int before = InvitationStub.lookups();
            Accounts.accept("any-token", Accounts.PASSWORD, Map.of()).statusCode(503)
                    .header("Retry-After", "5")
                    .body("code", equalTo("invitation_service_unavailable"));
            // a lookup is a read: retried twice (with jitter) before giving up
            assertThat(InvitationStub.lookups() - before).isEqualTo(3);
        } finally {
            InvitationStub.down(false);
        }
    }

    @Test
    void aRedeemThatFailsIsA503AndIsNeverRepeated() {
        Accounts.Org org = Accounts.newOrg("redeem-500");
        String token = InvitationStub.add(org.id(), org.name(), "redeem-" + UUID.randomUUID() + "@example.test",
                List.of("user"), "en");
        InvitationStub.redeemFails(true);
        try {
            int before = InvitationStub.redeems();
            Accounts.accept(token, Accounts.PASSWORD, Map.of()).statusCode(503)
                    .header("Retry-After", "5")
                    .body("code", equalTo("invitation_service_unavailable"));
            // redeeming is final: a second attempt could only say invitation_used
            assertThat(InvitationStub.redeems() - before).isEqualTo(1);
        } finally {
            InvitationStub.redeemFails(false);
        }
    }

    @Test
    void badInputIsA400() {
        given().contentType(ContentType.JSON).body(Map.of("password", Accounts.PASSWORD))
                .post("/api/v2/auth/invitations/accept").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItems("/token"));
        given().contentType(ContentType.JSON).body(Map.of("token", "t", "password", Accounts.PASSWORD, "locale", "xx"))
                .post("/api/v2/auth/invitations/accept").then().statusCode(400)
                .body("code", equalTo("unsupported_locale"));
        given().contentType(ContentType.JSON).body("{\"token\": 5, ").post("/api/v2/auth/invitations/accept").then()
                .statusCode(400).body("code", notNullValue());
    }
}
