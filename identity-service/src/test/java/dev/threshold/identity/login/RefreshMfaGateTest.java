package dev.threshold.identity.login;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.MfaProofs;
import dev.threshold.identity.support.MfaStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: an admin turns on required MFA while sessions of her org are open, her own among them.
 * A password session that never proved a second factor does not get another access token: its next
 * refresh ends it and answers the MFA step a password login would get now (enroll or challenge);
 * sessions that passed MFA, and orgs that do not require it, refresh as before.
 */
@QuarkusTest
class RefreshMfaGateTest {

    private static final String COOKIE = "threshold_refresh_us-east-1";

    @Test
    void aSessionWithoutMfaMustEnrollAtItsNextRefreshOnceTheOrgRequiresIt() {
        Accounts.Org org = Accounts.newOrg("gate-enroll");
        Accounts.Person admin = Accounts.person(org, List.of("admin"));
        bodyRefresh(admin.refreshToken()).statusCode(200).body("status", equalTo("AUTHENTICATED"));
        String current = Accounts.login(admin.email(), admin.password(), Accounts.randomIp()).statusCode(200)
                .extract().path("refreshToken");

        Accounts.settings(org, Map.of("mfaRequired", true));

        ValidatableResponse step = bodyRefresh(current).statusCode(200)
                .body("status", equalTo("MFA_ENROLLMENT_REQUIRED")).body("mfaToken", notNullValue())
                .body("accessToken", nullValue()).body("refreshToken", nullValue());
        String mfaToken = step.extract().path("mfaToken");
        assertThat(MfaProofs.claims(mfaToken)).containsEntry("mfa_action", "enroll")
                .containsEntry("sub", admin.userId().toString());
        // that session is over: its token no longer refreshes, its access tokens are refused here
        bodyRefresh(current).statusCode(401).body("code", equalTo("session_revoked"));
        assertThat(Accounts.query("select count(*) from session where user_id = ? and revoked_reason = 'mfa_required'",
                admin.userId())).isEqualTo("1");

        // enrolling completes the login: a new session that passed MFA, which refreshes as usual
        String flow = (String) MfaProofs.claims(mfaToken).get("flow");
        String next = given().contentType(ContentType.JSON)
                .body(Map.of("mfaToken", mfaToken, "mfaProof", MfaProofs.proof(admin.userId(), flow, List.of("otp"))))
                .post("/api/v2/auth/login/mfa").then().statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("refreshToken", notNullValue()).extract().path("refreshToken");
        bodyRefresh(next).statusCode(200).body("status", equalTo("AUTHENTICATED"));
    }

    @Test
    void anEnrolledPersonIsChallengedAndACookieSessionLosesItsCookie() {
        Accounts.Org org = Accounts.newOrg("gate-challenge");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        String cookie = given().contentType(ContentType.JSON).header("X-Forwarded-For", Accounts.randomIp())
                .body(Map.of("email", person.email(), "password", person.password()))
                .post("/api/v2/auth/login").then().statusCode(200).extract().cookie(COOKIE);
        MfaStub.enroll(org.id(), person.userId());
        Accounts.settings(org, Map.of("mfaRequired", true));

        Response refreshed = given().cookie(COOKIE, cookie).header("X-Requested-With", "fetch").post("/api/v2/auth/refresh");
        refreshed.then().statusCode(200).body("status", equalTo("MFA_REQUIRED")).body("mfaToken", notNullValue())
                .body("refreshToken", nullValue());
        assertThat(refreshed.getHeaders().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(COOKIE + "=;")
                .containsIgnoringCase("Max-Age=0"));
        given().cookie(COOKIE, cookie).header("X-Requested-With", "fetch").post("/api/v2/auth/refresh").then()
                .statusCode(401).body("code", equalTo("session_revoked"));
    }

    @Test
    void sessionsThatPassedMfaAndOrgsWithoutItRefreshAsBefore() {
        Accounts.Org org = Accounts.newOrg("gate-passed");
        Accounts.Person person = Accounts.person(org, List.of("user"));
        Accounts.settings(org, Map.of("mfaRequired", true));
        String mfaToken = Accounts.login(person.email(), person.password(), Accounts.randomIp()).statusCode(200)
                .body("status", equalTo("MFA_ENROLLMENT_REQUIRED")).extract().path("mfaToken");
        String flow = (String) MfaProofs.claims(mfaToken).get("flow");
        String refreshToken = given().contentType(ContentType.JSON)
                .body(Map.of("mfaToken", mfaToken, "mfaProof", MfaProofs.proof(person.userId(), flow, List.of("otp"))))
                .post("/api/v2/auth/login/mfa").then().statusCode(200).extract().path("refreshToken");
        bodyRefresh(refreshToken).statusCode(200).body("status", equalTo("AUTHENTICATED"));

        Accounts.Person free = Accounts.person(Accounts.newOrg("gate-free"), List.of("user"));
        bodyRefresh(free.refreshToken()).statusCode(200).body("status", equalTo("AUTHENTICATED"));
    }

    private static ValidatableResponse bodyRefresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/v2/auth/refresh").then();
    }
}
