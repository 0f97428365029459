package dev.threshold.identity.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threshold.testing.Browser;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The OpenID Connect sign-in of the SSO tests, against {@link KeycloakTestResource}: an org's
 * provider and a browser that goes start -> Keycloak's login form -> our
 * callback -> returnTo (or returnTo?error=).
 */
public final class OidcSignIn {

    public static final String RETURN_TO = "http://localhost:8080/app/after-sso";
    public static final String REFRESH_COOKIE = "threshold_refresh_us-east-1";

    private OidcSignIn() {
    }

    /** The app under test, as a browser reaches it. */
    public static String app() {
        return "http://localhost:" + RestAssured.port;
    }

    /** Where a browser starts signing in through the provider, to come back to {@code returnTo}. */
    public static URI start(UUID idp, String returnTo) {
        return URI.create(app() + "/api/v2/auth/sso/" + idp + "/start?region=us-east-1&returnTo="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }

    /** The org's new OpenID provider (as its admin); {@code body} holds issuer, client and claim mapping. */
    public static UUID provider(Accounts.Org org, Map<String, Object> body) {
        String id = given().auth().oauth2(Tokens.admin(org.id().toString())).contentType(ContentType.JSON).body(body)
                .post("/api/v2/orgs/me/identityproviders").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** Start -> Keycloak's login form -> credentials posted; returns Keycloak's redirect to our callback. */
    public static Browser.Page toCallback(Browser browser, UUID idp, String returnTo, String username, String password) {
        Browser.Page posted = browser.signInAtKeycloak(start(idp, returnTo), username, password);
        assertThat(posted.status()).as("after the login form: %s", posted.body()).isEqualTo(302);
        assertThat(posted.location().toString()).startsWith(app() + "/api/v2/auth/sso/" + idp + "/callback?region=us-east-1");
        return posted;
    }

    /** The whole sign-in: our callback's answer (a redirect to returnTo, or to returnTo?error=). */
    public static Browser.Page signIn(Browser browser, UUID idp, String returnTo, String username, String password) {
        return browser.get(toCallback(browser, idp, returnTo, username, password).location());
    }
}
