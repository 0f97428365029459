package dev.threshold.identity.sso;

import static dev.threshold.identity.support.OidcSignIn.REFRESH_COOKIE;
import static dev.threshold.identity.support.OidcSignIn.RETURN_TO;
import static dev.threshold.identity.support.OidcSignIn.app;
import static dev.threshold.identity.support.OidcSignIn.signIn;
import static dev.threshold.identity.support.OidcSignIn.start;
import static dev.threshold.identity.support.OidcSignIn.toCallback;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.threshold.common.testing.BrokerTap;
import dev.threshold.identity.support.Accounts;
import dev.threshold.identity.support.KeycloakTestResource;
import dev.threshold.identity.support.OidcSignIn;
import dev.threshold.identity.support.Tokens;
import dev.threshold.testing.Browser;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through a real OpenID provider: Keycloak runs as a separate process (started once for
 * this class by {@link KeycloakTestResource}) and its login form is driven over HTTP with a cookie
 * jar, exactly as a browser would: start -> Keycloak's form -> callback -> returnTo.
 */
@QuarkusTest
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)
class SsoTest {

    private static String issuer() {
        return ConfigProvider.getConfig().getValue("sso-test.keycloak-issuer", String.class);
    }

    @Test
    void anInvitedUserSignsInBySsoBecomesActiveAndGetsASessionWithoutMfa() throws Exception {
        Accounts.Org org = Accounts.newOrg("sso-happy");
        Accounts.settings(org, Map.of("mfaRequired", true));
        UUID idp = provider(org, Map.of());
        UUID userId = Accounts.invited(org, "alice@acme.test");

        Browser browser = new Browser();
        Browser.Page done;
        try (BrokerTap tap = BrokerTap.listen("user.activated", "user.logged_in")) {
            done = signIn(browser, idp, RETURN_TO, "alice", "alice-pass-1");
            tap.await(event -> event.path("subject").asText().equals(userId.toString())
                    && event.path("type").asText().equals("threshold.user.activated.v1")
                    && event.path("data").path("authMethod").asText().equals("sso"), Duration.ofSeconds(10));
        }

        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        String refresh = done.setCookie(REFRESH_COOKIE);
        assertThat(refresh).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/api/v2/auth");
        // quarkus-oidc's own session does not outlive the callback: identity-service issued its own
        assertThat(browser.cookies("localhost").keySet()).noneMatch(name -> name.startsWith("q_session"))
                .noneMatch(name -> name.startsWith("q_auth")).noneMatch(name -> name.startsWith("threshold_sso"));

        String accessToken = given().header("Cookie", REFRESH_COOKIE + "=" + browser.cookie("localhost", REFRESH_COOKIE))
                .header("X-Requested-With", "fetch").post("/api/v2/auth/refresh")
                .then().statusCode(200).body("status", equalTo("AUTHENTICATED"))
                .body("user.authMethod", equalTo("sso")).extract().path("accessToken");
        given().auth().oauth2(accessToken).get("/api/v2/users/me").then().statusCode(200)
                .body("email", equalTo("alice@acme.test")).body("authMethod", equalTo("sso"))
                .body("mfa.enrolled", equalTo(false)).body("mfa.required", equalTo(false));
        given().auth().oauth2(Tokens.admin(org.id().toString())).get("/api/v2/users/" + userId).then()
                .statusCode(200).body("state", equalTo("ACTIVE"));

        // signed in a second time (already ACTIVE): again straight in
        Browser.Page again = signIn(new Browser(), idp, RETURN_TO + "?tab=2", "alice", "alice-pass-1");
        assertThat(again.location().toString()).isEqualTo(RETURN_TO + "?tab=2");
        assertThat(again.setCookie(REFRESH_COOKIE)).isNotNull();
    }

    @Test
    void refusesAnIdpUserWhoseEmailIsNotVerified() {
        Accounts.Org org = Accounts.newOrg("sso-unverified");
        UUID idp = provider(org, Map.of("jitProvisioning", true));
        Accounts.invited(org, "mallory@acme.test");

        Browser.Page done = signIn(new Browser(), idp, RETURN_TO, "mallory", "mallory-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_email_not_verified");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void refusesAUserOfAnotherOrganization() {
        Accounts.Org other = Accounts.newOrg("sso-other");
        Accounts.invited(other, "bob@other.test");
        Accounts.Org org = Accounts.newOrg("sso-mine");
        UUID idp = provider(org, Map.of());

        Browser.Page done = signIn(new Browser(), idp, RETURN_TO, "bob", "bob-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_user_not_found");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void provisionsAnUnknownVerifiedUserJustInTimeWhenTheProviderAllowsIt() {
        Accounts.Org org = Accounts.newOrg("sso-jit");
        UUID idp = provider(org, Map.of("jitProvisioning", true));

        Browser.Page done = signIn(new Browser(), idp, RETURN_TO, "carol", "carol-pass-1");

        assertThat(done.location().toString()).isEqualTo(RETURN_TO);
        given().auth().oauth2(Tokens.admin(org.id().toString())).queryParam("state", "ACTIVE").get("/api/v2/users")
                .then().statusCode(200).body("entities.email", equalTo(List.of("carol@acme.test")))
                .body("entities[0].roles", equalTo(List.of("user")));
    }

    @Test
    void refusesADisallowedReturnToBeforeLeavingForTheProvider() {
        Accounts.Org org = Accounts.newOrg("sso-returnto");
        UUID idp = provider(org, Map.of());
        for (String returnTo : List.of("https://evil.example/steal", "http://localhost:8081/app", "javascript:alert(1)",
                "//evil.example/x", "http://user@localhost:8080/app")) {
            given().redirects().follow(false).queryParam("returnTo", returnTo)
                    .get("/api/v2/auth/sso/" + idp + "/start").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("return_to_not_allowed"));
        }
        given().redirects().follow(false).get("/api/v2/auth/sso/" + idp + "/start").then().statusCode(400)
                .body("code", equalTo("return_to_not_allowed"));
    }

    @Test
    void sendsTheBrowserBackWithAnErrorWhenTheProviderIsDownOrUnknown() throws Exception {
        Accounts.Org org = Accounts.newOrg("sso-down");
        UUID idp = provider(org, Map.of());
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Accounts.sql("update identity_provider set issuer = ?, version = version + 1 where id = ?",
                "http://127.0.0.1:" + closed + "/realms/gone", idp);

        Browser.Page down = new Browser().get(start(idp, RETURN_TO));
        assertThat(down.status()).isEqualTo(302);
        assertThat(down.location().toString()).isEqualTo(RETURN_TO + "?error=idp_unavailable");

        Browser.Page unknown = new Browser().get(app() + "/api/v2/auth/sso/" + UUID.randomUUID() + "/start?returnTo="
                + enc(RETURN_TO));
        assertThat(unknown.location().toString()).isEqualTo(RETURN_TO + "?error=idp_not_found");
    }

    @Test
    void refusesACallbackWithAWrongState() {
        Accounts.Org org = Accounts.newOrg("sso-state");
        UUID idp = provider(org, Map.of());
        Accounts.invited(org, "alice@acme.test");
        Browser browser = new Browser();
        Browser.Page toCallback = toCallback(browser, idp, RETURN_TO, "alice", "alice-pass-1");
        String tampered = toCallback.location().toString().replaceFirst("state=[^&]+", "state=" + UUID.randomUUID());

        Browser.Page done = browser.get(tampered);

        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_failed");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void refusesAReplayedCallback() {
        Accounts.Org org = Accounts.newOrg("sso-replay");
        UUID idp = provider(org, Map.of());
        Accounts.invited(org, "alice@acme.test");
        Browser browser = new Browser();
        Browser.Page toCallback = toCallback(browser, idp, RETURN_TO, "alice", "alice-pass-1");
        URI callback = toCallback.location();
        assertThat(browser.get(callback).setCookie(REFRESH_COOKIE)).isNotNull();

        // the same browser again: its flow is over (state and flow cookies are gone)
        Browser.Page again = browser.get(callback);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("\"code\":\"sso_flow_invalid\"");
        assertThat(again.setCookie(REFRESH_COOKIE)).isNull();

        // an attacker's browser that started a flow of its own: the stolen code is refused
        Browser attacker = new Browser();
        Browser.Page started = attacker.follow(attacker.get(start(idp, RETURN_TO)), issuer());
        assertThat(started.location().toString()).startsWith(issuer());
        Browser.Page replayed = attacker.get(callback);
        assertThat(replayed.location().toString()).isEqualTo(RETURN_TO + "?error=sso_failed");
        assertThat(replayed.setCookie(REFRESH_COOKIE)).isNull();
    }

    /**
     * The nonce (and PKCE verifier) of a flow live in its encrypted state cookie; a code obtained in
     * another flow of the same browser, presented with the first flow's state, is refused. Keycloak
     * already refuses the token exchange (PKCE); quarkus-oidc's nonce check would refuse the ID token
     * otherwise (nonce-required is on for every provider tenant).
     */
    @Test
    void refusesACodeFromAnotherFlowPresentedWithThisFlowsState() {
        Accounts.Org org = Accounts.newOrg("sso-nonce");
        UUID idp = provider(org, Map.of());
        Accounts.invited(org, "alice@acme.test");
        Browser browser = new Browser();
        Browser.Page first = browser.follow(browser.get(start(idp, RETURN_TO)), issuer());
        String firstState = query(first.location(), "state");
        Browser.Page second = toCallback(browser, idp, RETURN_TO, "alice", "alice-pass-1");
        assertThat(query(second.location(), "state")).isNotEqualTo(firstState);
        String mixed = second.location().toString().replaceFirst("state=[^&]+", "state=" + firstState);

        Browser.Page done = browser.get(mixed);

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=sso_failed");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void sendsTheBrowserBackWithIdpErrorWhenThePersonCancelsAtTheProvider() {
        Accounts.Org org = Accounts.newOrg("sso-cancel");
        UUID idp = provider(org, Map.of());
        Browser browser = new Browser();
        Browser.Page atProvider = browser.follow(browser.get(start(idp, RETURN_TO)), issuer());
        String state = query(atProvider.location(), "state");

        // what Keycloak sends when the person cancels (RFC 6749 4.1.2.1)
        Browser.Page done = browser.get(app() + "/api/v2/auth/sso/" + idp + "/callback?region=us-east-1&error=access_denied"
                + "&state=" + state);

        assertThat(done.location().toString()).isEqualTo(RETURN_TO + "?error=idp_error");
        assertThat(done.setCookie(REFRESH_COOKIE)).isNull();
    }

    @Test
    void theAuthorizationRequestCarriesStateNoncePkceAndTheRegionalCallback() {
        Accounts.Org org = Accounts.newOrg("sso-request");
        UUID idp = provider(org, Map.of());
        Browser browser = new Browser();
        Browser.Page start = browser.get(start(idp, RETURN_TO));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.setCookie("threshold_sso_us-east-1")).contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/api/v2/auth/sso");
        Browser.Page atProvider = browser.follow(start, issuer());
        URI authorize = atProvider.location();

        assertThat(authorize.toString()).startsWith(issuer() + "/protocol/openid-connect/auth?");
        assertThat(query(authorize, "response_type")).isEqualTo("code");
        assertThat(query(authorize, "client_id")).isEqualTo(KeycloakTestResource.CLIENT_ID);
        assertThat(query(authorize, "state")).isNotBlank();
        assertThat(query(authorize, "nonce")).isNotBlank();
        assertThat(query(authorize, "code_challenge")).isNotBlank();
        assertThat(query(authorize, "code_challenge_method")).isEqualTo("S256");
        assertThat(java.net.URLDecoder.decode(query(authorize, "scope"), StandardCharsets.UTF_8))
                .contains("openid").contains("email");
        assertThat(java.net.URLDecoder.decode(query(authorize, "redirect_uri"), StandardCharsets.UTF_8))
                .isEqualTo(app() + "/api/v2/auth/sso/" + idp + "/callback?region=us-east-1");
    }

    @Test
    void anSsoOnlyOrganizationNeedsAProviderAndKeepsItsLast() {
        Accounts.Org org = Accounts.newOrg("sso-only");
        Accounts.Person admin = Accounts.person(org, List.of("admin"));
        String token = Tokens.admin(org.id().toString());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("settings", Map.of("ssoOnly", true)))
                .patch("/api/v2/orgs/me").then().statusCode(409).body("code", equalTo("sso_requires_identity_provider"));
        UUID idp = provider(org, Map.of());

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("settings", Map.of("ssoOnly", true)))
                .patch("/api/v2/orgs/me").then().statusCode(200).body("settings.ssoOnly", equalTo(true));
        given().auth().oauth2(token).delete("/api/v2/orgs/me/identityproviders/" + idp).then().statusCode(409)
                .body("code", equalTo("sso_requires_identity_provider"));
        Accounts.login(admin.email(), admin.password(), Accounts.randomIp()).statusCode(403)
                .body("code", equalTo("sso_required"));

        UUID second = provider(org, Map.of());
        given().auth().oauth2(token).delete("/api/v2/orgs/me/identityproviders/" + idp).then().statusCode(204);
        given().auth().oauth2(token).delete("/api/v2/orgs/me/identityproviders/" + second).then().statusCode(409).body("code", equalTo("sso_requires_identity_provider"));
    }

    // ---- helpers ----

    private static UUID provider(Accounts.Org org, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "oidc", "displayName", "Keycloak", "issuer", issuer(),
                "clientId", KeycloakTestResource.CLIENT_ID, "clientSecret", KeycloakTestResource.CLIENT_SECRET,
                "iconUrl", "https://icons.example.test/keycloak.svg"));
        body.putAll(extra);
        return OidcSignIn.provider(org, body);
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
