package dev.threshold.identity.accept;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.InvitationStub;
import dev.threshold.identity.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, attack 7: common passwords in disguise, the org's name and the invitee's email are
 * refused when accepting an invitation and changing a password, and the live check
 * ({@code POST /api/v2/auth/password/check}, {@code POST /api/v2/users/me/password/check}) names
 * the same rules without setting anything.
 */
@QuarkusTest
@QuarkusTestResource(value = InvitationStub.class, restrictToAnnotatedClass = false)
class PasswordCheckTest {

    private static final String PUBLIC = "/api/v2/auth/password/check";
    private static final String MINE = "/api/v2/users/me/password/check";

    @ParameterizedTest
    @ValueSource(strings = {"Password1!", "P@ssw0rd2024", "Summer2024!", "Qwerty123!"})
    void commonPasswordsInDisguiseCannotBeSetOnAnInvitation(String password) {
        Accounts.Org org = Accounts.newOrg("common");
        String token = InvitationStub.add(org.id(), org.name(), "c-" + UUID.randomUUID() + "@example.test",
                List.of("user"), "en");
        int redeemsBefore = InvitationStub.redeems();

        Accounts.accept(token, password, Map.of()).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("password_policy"))
                .body("errors.code", equalTo(List.of("common_password")))
                .body("errors.pointer", equalTo(List.of("/password")));
        check(token, password).statusCode(200)
                .body("errors.code", equalTo(List.of("common_password")))
                .body("score", lessThan(3));

        assertThat(InvitationStub.redeems()).isEqualTo(redeemsBefore);
    }

    @Test
    void theOrgsNameAndTheEmailAreRefused() {
        Accounts.Org org = Accounts.newOrg("zephyrine");
        String email = "Marigold.Fenwick-" + UUID.randomUUID() + "@example.test";
        String token = InvitationStub.add(org.id(), org.name(), email, List.of("user"), "en");

        Accounts.accept(token, "Zephyrine-Launch-42", Map.of()).statusCode(400)
                .body("code", equalTo("password_policy")).body("errors.code", equalTo(List.of("personal_info")));
        Accounts.accept(token, "M@rigold#Velvet9", Map.of()).statusCode(400)
                .body("code", equalTo("password_policy")).body("errors.code", equalTo(List.of("personal_info")));
        check(token, "Zephyrine-Launch-42").statusCode(200).body("errors.code", equalTo(List.of("personal_info")));

        Accounts.accept(token, "Harbor-Quartz-Lantern-7", Map.of()).statusCode(200);
    }

    @Test
    void thePublicCheckNamesTheRulesOfTheInvitationsOrgWithoutSettingAnything() {
        Accounts.Org org = Accounts.newOrg("check");
        Accounts.settings(org, Map.of("passwordPolicy", Map.of("minLength", 12)));
        String token = InvitationStub.add(org.id(), org.name(), "k-" + UUID.randomUUID() + "@example.test",
                List.of("user"), "de");
        int redeemsBefore = InvitationStub.redeems();

        check(token, "short").statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("errors.code", hasItems("min_length", "uppercase", "digit", "symbol"))
                .body("errors.pointer", hasItem("/password"))
                .body("passwordPolicy.minLength", equalTo(12))
                .body("minScore", equalTo(3))
                .body("$", not(hasKey("password")));
        given().contentType(ContentType.JSON).header("Accept-Language", "de")
                .body(Map.of("password", "Password1!", "invitationToken", token)).post(PUBLIC).then().statusCode(200)
                .body("errors.code", equalTo(List.of("min_length")))
                .body("errors.detail", hasItem(containsString("mindestens 12")));
        check(token, "Glacier-Tram-Velvet-42").statusCode(200)
                .body("errors", empty()).body("score", greaterThanOrEqualTo(3));

        assertThat(InvitationStub.redeems()).isEqualTo(redeemsBefore);
        Accounts.accept(token, "Glacier-Tram-Velvet-42", Map.of()).statusCode(200);
        check(token, "Glacier-Tram-Velvet-42").statusCode(410).body("code", equalTo("invitation_used"));
    }

    @Test
    void thePublicCheckNeedsAGoodInvitationAndABoundedBody() {
        check("no-such-token", "Glacier-Tram-42").statusCode(404).body("code", equalTo("invitation_not_found"));
        given().contentType(ContentType.JSON).body(Map.of("password", "Glacier-Tram-42")).post(PUBLIC).then()
                .statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/invitationToken"));
        given().contentType(ContentType.JSON).body("").post(PUBLIC).then()
                .statusCode(400).body("code", notNullValue());
        given().contentType(ContentType.JSON).body("{}").post(PUBLIC).then()
                .statusCode(400).body("code", equalTo("validation_failed")).body("errors.pointer", hasItem("/password"));
        given().contentType(ContentType.JSON).body(Map.of("password", "x".repeat(4097), "invitationToken", "t"))
                .post(PUBLIC).then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.pointer", hasItem("/password"))
                .body(not(containsString("xxxxxxxx")));
        given().contentType(ContentType.JSON).body(Map.of("password", "Glacier-Tram-42", "invitationToken", "t".repeat(101)))
                .post(PUBLIC).then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void myCheckUsesMyOrgsPolicyAndMyEmail() {
        Accounts.Org org = Accounts.newOrg("mycheck");
        Accounts.Person person = Accounts.person(org, "Oswaldo.Brightwater-" + UUID.randomUUID() + "@example.test",
                Accounts.PASSWORD, List.of("user"));

        mine(person.accessToken(), "Summer2024!").statusCode(200)
                .body("errors.code", equalTo(List.of("common_password"))).body("errors.pointer", hasItem("/newPassword"));
        mine(person.accessToken(), "Brightwater#Juniper7").statusCode(200)
                .body("errors.code", equalTo(List.of("personal_info")));
        mine(person.accessToken(), "Walnut-Falcon-Ember-9").statusCode(200).body("errors", empty())
                .body("passwordPolicy.minLength", equalTo(8));
        mine(person.accessToken(), "").statusCode(200).body("errors.code", hasItem("min_length")).body("score", equalTo(0));

        given().auth().oauth2(person.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", person.password(), "newPassword", "P@ssw0rd2024"))
                .post("/api/v2/users/me/password").then().statusCode(400)
                .body("code", equalTo("password_policy")).body("errors.code", equalTo(List.of("common_password")));
    }

    @Test
    void myCheckNeedsAValidAccessToken() {
        given().contentType(ContentType.JSON).body(Map.of("password", "Glacier-Tram-42")).post(MINE).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(Map.of("password", "Glacier-Tram-42"))
                .post(MINE).then().statusCode(401).body("code", equalTo("unauthorized"));
        // authentication before the body: a bad token with a bad body is still a 401
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body("{}").post(MINE).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
        Accounts.Org org = Accounts.newOrg("mycheck-ghost");
        given().auth().oauth2(Tokens.token(UUID.randomUUID(), org.id().toString(), List.of("user")))
                .contentType(ContentType.JSON).body(Map.of("password", "Glacier-Tram-42")).post(MINE).then()
                .statusCode(404).body("code", equalTo("user_not_found"));
    }

    private static ValidatableResponse check(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("password", password, "invitationToken", token))
                .post(PUBLIC).then();
    }

    private static ValidatableResponse mine(String accessToken, String password) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of("password", password))
                .post(MINE).then();
    }
}
