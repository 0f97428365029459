package dev.threshold.identity.sso;

import static dev.threshold.identity.support.OidcSignIn.REFRESH_COOKIE;
import static dev.threshold.identity.support.OidcSignIn.RETURN_TO;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.KeycloakTestResource;
import dev.threshold.identity.support.OidcSignIn;
import dev.threshold.identity.support.Tokens;
import dev.threshold.testing.Browser;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Providers as organizations run them, against a real Keycloak (realm threshold-interop, see
 * {@link KeycloakTestResource}): one that behaves like Microsoft Entra ID (the address in a
 * {@code upn} claim, no {@code email} and no {@code email_verified} in the ID token) and one that
 * sends the email only from its userinfo endpoint, as the OpenID Connect spec has it. Each
 * provider's claim mapping (emailClaim, trustEmail, allowedDomains, nameClaim, jitRoles) decides.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
class SsoInteropTest {

    private static String issuer() {
        return ConfigProvider.getConfig().getValue("sso-test.keycloak-interop-issuer", String.class);
    }

    @Test
    void theEntraLikeProviderSendsTheAddressOnlyAsUpnInItsIdToken() {
        Map<String, Object> idToken = idTokenClaims(KeycloakTestResource.ENTRA_CLIENT_ID,
                KeycloakTestResource.ENTRA_CLIENT_SECRET, "erin", "erin-pass-1");

        assertThat(idToken).containsEntry("upn", "Erin@Entra.test").doesNotContainKeys("email", "email_verified");
    }

    @Test
    void anEntraLikeProviderSignsInByUpnWithTrustedEmailWithinItsDomains() {
        Accounts.Org org = Accounts.newOrg("sso-entra");
        UUID idp = entraProvider(org, Map.of("trustEmail", true, "allowedDomains", List.of("entra.test")));
        UUID userId = Accounts.invited(org, "erin@entra.test");

        Browser browser = new Browser();
        Browser.Page done = signIn(browser, idp, "erin", "erin-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        String accessToken = given().header("Cookie", REFRESH_COOKIE + "=" + browser.cookie("localhost", REFRESH_COOKIE))
                .header("X-Requested-With", "fetch").post("/api/v2/auth/refresh")
                .then().statusCode(200).body("user.authMethod", equalTo("sso")).extract().path("accessToken");
        given().auth().oauth2(accessToken).get("/api/v2/users/me").then().statusCode(200)
                .body("id", equalTo(userId.toString())).body("email", equalTo("erin@entra.test"));
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/users/" + userId).then()
                .statusCode(200).body("state", equalTo("ACTIVE"));
    }

    @Test
    void anInvitedAddressOutsideTheAllowedDomainsNeverSignsInThroughTheProvider() {
        Accounts.Org org = Accounts.newOrg("sso-outsider");
        UUID idp = entraProvider(org, Map.of("trustEmail", true, "allowedDomains", List.of("entra.test"),
                "jitProvisioning", true));
        UUID userId = Accounts.invited(org, "oscar@outside.test");

        Browser.Page done = signIn(new Browser(), idp, "oscar", "oscar-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_domain_not_allowed");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/users/" + userId).then()
                .statusCode(200).body("state", equalTo("INVITED"));
    }

    @Test
    void theStrictDefaultRefusesAnAddressThatNobodyVerified() {
        Accounts.Org org = Accounts.newOrg("sso-strict");
        // emailClaim upn, trustEmail left at its default (false): the userinfo email is not verified either
        UUID idp = entraProvider(org, Map.of());
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/orgs/me/identityproviders/" + idp).then()
                .statusCode(200).body("trustEmail", equalTo(false)).body("allowedDomains", equalTo(List.of()));
        Accounts.invited(org, "erin@entra.test");

        Browser.Page done = signIn(new Browser(), idp, "erin", "erin-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_email_not_verified");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void aProviderThatSendsTheEmailOnlyFromUserinfoSignsPeopleIn() {
        assertThat(idTokenClaims(KeycloakTestResource.USERINFO_CLIENT_ID, KeycloakTestResource.USERINFO_CLIENT_SECRET,
                "uma", "uma-pass-1")).doesNotContainKeys("email", "email_verified").containsKey("sub");
        Accounts.Org org = Accounts.newOrg("sso-userinfo");
        UUID idp = userinfoProvider(org, Map.of());
        UUID userId = Accounts.invited(org, "uma@userinfo.test");

        Browser browser = new Browser();
        Browser.Page done = signIn(browser, idp, "uma", "uma-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        assertThat(done.setCookie(REFRESH_COOKIE)).isNotNull();
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/users/" + userId).then()
                .statusCode(200).body("state", equalTo("ACTIVE"));
    }

    @Test
    void userinfoStillHasToVouchForTheEmail() {
        Accounts.Org org = Accounts.newOrg("sso-userinfo-unverified");
        UUID idp = userinfoProvider(org, Map.of());
        Accounts.invited(org, "ulrich@userinfo.test");

        Browser.Page done = signIn(new Browser(), idp, "ulrich", "ulrich-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_email_not_verified");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void justInTimeProvisioningGivesTheProvidersRolesAndNameClaim() {
        Accounts.Org org = Accounts.newOrg("sso-jit-roles");
        userinfoProvider(org, Map.of("jitProvisioning", true, "jitRoles", List.of("user", "admin"),
                "nameClaim", "preferred_username", "allowedDomains", List.of("USERINFO.test")));
        UUID idp = UUID.fromString(given().auth().oauth2(Tokens.admin(org.id().toString()))
                .get("/api/v2/orgs/me/identityproviders").then().statusCode(200)
                .body("entities[0].allowedDomains", equalTo(List.of("userinfo.test")))
                .body("entities[0].jitRoles", equalTo(List.of("user", "admin")))
                .extract().path("entities[0].id"));

        Browser.Page done = signIn(new Browser(), idp, "uma", "uma-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        given().auth().oauth2(Tokens.admin(org.id().toString())).queryParam("state", "ACTIVE").get("/api/v2/users")
                .then().statusCode(200).body("entities.email", equalTo(List.of("uma@userinfo.test")))
                .body("entities[0].name", equalTo("uma"))
                .body("entities[0].roles", containsInAnyOrder("user", "admin"));
    }

    // ---- helpers ----

    private static UUID entraProvider(Accounts.Org org, Map<String, Object> mapping) {
        Map<String, Object> body = new HashMap<>(Map.of("displayName", "Entra ID", "clientId",
                KeycloakTestResource.ENTRA_CLIENT_ID, "clientSecret", KeycloakTestResource.ENTRA_CLIENT_SECRET,
                "emailClaim", "upn"));
        body.putAll(mapping);
        return provider(org, body);
    }

    private static UUID userinfoProvider(Accounts.Org org, Map<String, Object> mapping) {
        Map<String, Object> body = new HashMap<>(Map.of("displayName", "Okta", "clientId",
                KeycloakTestResource.USERINFO_CLIENT_ID, "clientSecret", KeycloakTestResource.USERINFO_CLIENT_SECRET));
        body.putAll(mapping);
        return provider(org, body);
    }

    private static UUID provider(Accounts.Org org, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "oidc", "issuer", issuer()));
        body.putAll(fields);
        return OidcSignIn.provider(org, body);
    }

    /** The claims of an ID token the client gets for the person (Keycloak's password grant, a check of the realm). */
    private static Map<String, Object> idTokenClaims(String clientId, String secret, String username, String password) {
        String idToken = given().formParams(Map.of("grant_type", "password", "client_id", clientId, "client_secret", secret,
                        "username", username, "password", password, "scope", "openid email profile"))
                .post(issuer() + "/protocol/openid-connect/token").then().statusCode(200).extract().path("id_token");
        String payload = new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return new ObjectMapper().readValue(payload, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Start -> Keycloak's login form -> credentials -> our callback -> returnTo (or returnTo?error=). */
    private static Browser.Page signIn(Browser browser, UUID idp, String username, String password) {
        Browser.Page done = OidcSignIn.signIn(browser, idp, RETURN_TO, username, password);
        assertThat(done.status()).as("callback: %s", done.body()).isEqualTo(302);
        return done;
    }
}
