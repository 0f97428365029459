package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 7, replayed through the gateway: {@code Password1!}, {@code P@ssw0rd2024} and
 * {@code Summer2024!} passed "reject common passwords" (an exact match on a list). Now accepting
 * an invitation with any of them is {@code 400 password_policy} naming {@code common_password},
 * as is a password built from the org's name; the live check the web app calls says the same
 * before anything is submitted; the invitation stays usable and a strong password is accepted.
 */
@Order(20)
@DisplayName("Security: common passwords in disguise and the org's name are refused (issue 12, attack 7)")
class CommonPasswordAttackTest {

    private static final String REGION = "eu-central-1";
    private static final List<String> ATTACK = List.of("Password1!", "P@ssw0rd2024", "Summer2024!");

    @Test
    void commonPasswordsInDisguiseAreRefusedWhenAcceptingAnInvitation() throws Exception {
        String adminEmail = Tenants.createOrg(REGION, "quokka").adminEmail();
        String token = Mailbox.invitationToken(adminEmail, REGION);

        for (String password : ATTACK) {
            Response refused = accept(token, password);
            E2e.assertProblem(refused, 400, "password_policy");
            assertThat(refused.jsonPath().getList("errors.code", String.class)).as(password)
                    .containsExactly("common_password");
            assertThat(refused.asString()).as("the password is never echoed").doesNotContain(password);

            Response checked = check(token, password);
            assertThat(checked.statusCode()).as(checked.asString()).isEqualTo(200);
            assertThat(checked.jsonPath().getList("errors.code", String.class)).as(password)
                    .containsExactly("common_password");
        }
        Response orgsName = accept(token, "Quokka-Harbor-2024!");
        E2e.assertProblem(orgsName, 400, "password_policy");
        assertThat(orgsName.jsonPath().getList("errors.code", String.class)).containsExactly("personal_info");

        E2e.assertProblem(check("no-such-invitation-token", "Harbor-Quartz-Lantern-7"), 404, "invitation_not_found");
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).contentType("application/json").body("{}")
                .post("/api/v2/auth/password/check"), 400, "validation_failed");

        Response strong = check(token, "Harbor-Quartz-Lantern-7");
        assertThat(strong.jsonPath().getList("errors", Object.class)).as(strong.asString()).isEmpty();
        Response accepted = accept(token, "Harbor-Quartz-Lantern-7");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        String access = accepted.jsonPath().getString("accessToken");

        // My Account's live check and the password change apply the same rules
        Response mine = E2e.gateway().auth().oauth2(access).contentType("application/json")
                .body(Map.of("password", "Summer2024!")).post("/api/v2/users/me/password/check");
        assertThat(mine.statusCode()).as(mine.asString()).isEqualTo(200);
        assertThat(mine.jsonPath().getList("errors.code", String.class)).containsExactly("common_password");
        for (String password : ATTACK) {
            Response change = E2e.gateway().auth().oauth2(access).contentType("application/json")
                    .body(Map.of("currentPassword", "Harbor-Quartz-Lantern-7", "newPassword", password))
                    .post("/api/v2/users/me/password");
            E2e.assertProblem(change, 400, "password_policy");
            assertThat(change.jsonPath().getList("errors.code", String.class)).as(password).contains("common_password");
        }
    }

    private static Response accept(String token, String password) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("token", token, "password", password)).post("/api/v2/auth/invitations/accept");
    }

    private static Response check(String token, String password) {
        return E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("password", password, "invitationToken", token)).post("/api/v2/auth/password/check");
    }
}
