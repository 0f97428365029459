package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.threshold.testing.Browser;
import dev.threshold.testing.Keycloak;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's "done when", through the gateway with both regions up: an eu-central-1 org with a
 * Keycloak-backed identity provider; and issue 18's: an Entra ID-like provider (the interop realm); an invited user finds it by the org's name, signs in at
 * Keycloak and lands logged in (refresh cookie, {@code authMethod: sso}), without MFA although the
 * org requires it; switched to SSO-only, the org refuses password logins with 403 sso_required.
 *
 * <p>Keycloak is started here (org.keycloak:keycloak-quarkus-dist from the local Maven repository,
 * where identity-service's build put it; Java 21+ from KEYCLOAK_JAVA_HOME or /usr/lib/jvm/temurin-2x)
 * with identity-service's test realm. The IdP's redirect URI is the gateway's
 * ({@code threshold.sso.public-base-url}, default http://localhost:8080), which the realm allows.
 */
@Order(8)
@DisplayName("SSO: org name -> identity provider -> Keycloak -> logged in without MFA; SSO-only refuses passwords")
class SsoJourneyTest {

    private static final String REGION = "eu-central-1";
    private static final String COOKIE = "threshold_refresh_" + REGION;
    private static final String KEYCLOAK_VERSION = System.getProperty("threshold.keycloak.version", "26.7.3");

    private static Keycloak keycloak;
    private static String issuer;
    /** The realm whose client entra-like behaves like Microsoft Entra ID (identity-service's SsoInteropTest). */
    private static String interopIssuer;

    @BeforeAll
    static void startKeycloak() throws Exception {
        List<Path> realms = List.of("threshold-test-realm.json", "threshold-interop-realm.json").stream()
                .map(realm -> E2e.ROOT.resolve("identity-service/src/test/resources/sso/" + realm)).toList();
        keycloak = Keycloak.start(unpackKeycloak(), realms, "threshold-test",
                Keycloak.javaHome(System.getenv("KEYCLOAK_JAVA_HOME")), Duration.ofMinutes(4));
        issuer = keycloak.url() + "/realms/threshold-test";
        interopIssuer = keycloak.url() + "/realms/threshold-interop";
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    @Test
    void anInvitedUserSignsInThroughTheOrgsIdentityProviderAndSsoOnlyRefusesPasswords() throws Exception {
        Tenants.Org org = Tenants.newOrg(REGION, "sso");
        String orgName = org.name();
        String admin = org.admin().accessToken();

        // the org requires MFA (for password logins), and gets a Keycloak-backed identity provider
        Tenants.changeSettings(org, Map.of("mfaRequired", true));
        E2e.assertProblem(E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("settings", Map.of("ssoOnly", true))).patch("/api/v2/orgs/me"), 409,
                "sso_requires_identity_provider");
        Response idp = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("type", "oidc", "displayName", "Keycloak", "issuer", issuer, "clientId", "threshold-identity",
                        "clientSecret", "test-client-secret-0123456789", "iconUrl", "https://icons.example.test/kc.svg"))
                .post("/api/v2/orgs/me/identityproviders");
        assertThat(idp.statusCode()).as(idp.asString()).isEqualTo(201);
        assertThat(idp.asString()).doesNotContain("test-client-secret");
        String idpId = idp.jsonPath().getString("id");

        // the admin invites alice, who exists at Keycloak with a verified email
        Response invited = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("email", "alice@acme.test", "name", "Alice", "roles", List.of("user"), "locale", "de"))
                .post("/api/v2/invitations");
        assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(E2e.gateway().auth().oauth2(admin)
                .queryParam("state", "INVITED").get("/api/v2/users").jsonPath().getList("entities.email"))
                .contains("alice@acme.test"));

        // login page: More login options -> org name (any case) -> the provider's icon
        Response options = E2e.gateway().header("X-Region", REGION)
                .get("/api/v2/auth/orgs/" + orgName.toUpperCase() + "/identityproviders");
        assertThat(options.statusCode()).as(options.asString()).isEqualTo(200);
        assertThat(options.jsonPath().getList("id")).containsExactly(idpId);
        assertThat(options.jsonPath().getString("[0].iconUrl")).isEqualTo("https://icons.example.test/kc.svg");

        String returnTo = E2e.GATEWAY + "/?sso=done";
        Browser browser = new Browser();
        Browser.Page landed = signInAtKeycloak(browser, issuer, idpId, returnTo, "alice", "alice-pass-1");
        assertThat(landed.location().toString()).isEqualTo(returnTo);

        // the SPA refreshes with the cookie: logged in, by SSO, no MFA step although the org requires MFA
        Response me = signedInBySso(browser, landed);
        assertThat(me.jsonPath().getString("email")).isEqualTo("alice@acme.test");
        assertThat(me.jsonPath().getBoolean("mfa.required")).isFalse();

        // SSO-only: password login refused, and the last provider stays
        Tenants.changeSettings(org, Map.of("ssoOnly", true));
        E2e.assertProblem(E2e.gateway().header("X-Region", REGION).contentType("application/json")
                .body(Map.of("email", org.admin().email(), "password", Tenants.PASSWORD)).post("/api/v2/auth/login"),
                403, "sso_required");
        E2e.assertProblem(E2e.gateway().auth().oauth2(admin).delete("/api/v2/orgs/me/identityproviders/" + idpId), 409,
                "sso_requires_identity_provider");
    }

    /**
     * Issue 18's "done when": a provider that behaves like Microsoft Entra ID (the address only in
     * {@code upn}, no {@code email_verified}) signs its users in through the gateway with
     * {@code emailClaim: upn}, {@code trustEmail: true} and {@code allowedDomains}; an invited address
     * outside those domains is refused; {@code trustEmail} without domains is refused by the API.
     */
    @Test
    void anEntraLikeProviderSignsItsPeopleInByUpnAndRefusesAnInvitedOutsider() throws Exception {
        String admin = Tenants.newOrg(REGION, "entra").admin().accessToken();

        Map<String, Object> entra = new LinkedHashMap<>(Map.of("type", "oidc", "displayName", "Entra ID", "issuer",
                interopIssuer, "clientId", "entra-like", "clientSecret", "entra-like-secret-0123456789",
                "emailClaim", "upn", "trustEmail", true));
        E2e.assertProblem(E2e.gateway().auth().oauth2(admin).contentType("application/json").body(entra)
                .post("/api/v2/orgs/me/identityproviders"), 400, "idp_allowed_domains_required");
        entra.put("allowedDomains", List.of("Entra.test"));
        Response idp = E2e.gateway().auth().oauth2(admin).contentType("application/json").body(entra)
                .post("/api/v2/orgs/me/identityproviders");
        assertThat(idp.statusCode()).as(idp.asString()).isEqualTo(201);
        assertThat(idp.jsonPath().getList("allowedDomains")).containsExactly("entra.test");
        assertThat(idp.jsonPath().getString("emailClaim")).isEqualTo("upn");
        assertThat(idp.jsonPath().getBoolean("trustEmail")).isTrue();
        String idpId = idp.jsonPath().getString("id");

        for (String email : List.of("erin@entra.test", "oscar@outside.test")) {
            Response invited = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                    .body(Map.of("email", email, "name", "Invited", "roles", List.of("user"), "locale", "en"))
                    .post("/api/v2/invitations");
            assertThat(invited.statusCode()).as(invited.asString()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(E2e.gateway().auth().oauth2(admin)
                .queryParam("state", "INVITED").get("/api/v2/users").jsonPath().getList("entities.email"))
                .contains("erin@entra.test", "oscar@outside.test"));

        // erin: upn Erin@Entra.test, no email_verified -> signed in as erin@entra.test
        String returnTo = E2e.GATEWAY + "/login/sso";
        Browser erin = new Browser();
        Browser.Page landed = signInAtKeycloak(erin, interopIssuer, idpId, returnTo, "erin", "erin-pass-1");
        assertThat(landed.location().toString()).isEqualTo(returnTo);
        assertThat(signedInBySso(erin, landed).jsonPath().getString("email")).isEqualTo("erin@entra.test");

        // oscar: invited, but outside the provider's domains -> refused, no session, still invited
        Browser oscar = new Browser();
        Browser.Page refused = signInAtKeycloak(oscar, interopIssuer, idpId, returnTo, "oscar", "oscar-pass-1");
        assertThat(refused.location().toString()).isEqualTo(returnTo + "?error=sso_domain_not_allowed");
        assertThat(oscar.cookie(URI.create(E2e.GATEWAY).getHost(), COOKIE)).isNull();
        assertThat(E2e.gateway().auth().oauth2(admin).queryParam("state", "INVITED").get("/api/v2/users")
                .jsonPath().getList("entities.email")).contains("oscar@outside.test");

        // the strict default: without trustEmail, erin's address is not verified by anybody
        Response strict = E2e.gateway().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("trustEmail", false)).patch("/api/v2/orgs/me/identityproviders/" + idpId);
        assertThat(strict.statusCode()).as(strict.asString()).isEqualTo(200);
        Browser.Page unverified = signInAtKeycloak(new Browser(), interopIssuer, idpId, returnTo, "erin", "erin-pass-1");
        assertThat(unverified.location().toString()).isEqualTo(returnTo + "?error=sso_email_not_verified");
    }

    /** Start through the gateway -> Keycloak's form -> credentials -> the gateway's callback; its answer. */
    private static Browser.Page signInAtKeycloak(Browser browser, String issuer, String idpId, String returnTo,
            String username, String password) {
        Browser.Page toCallback = browser.signInAtKeycloak(URI.create(E2e.GATEWAY + "/api/v2/auth/sso/" + idpId
                + "/start?region=" + REGION + "&returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)),
                username, password);
        assertThat(toCallback.uri().toString()).as("Keycloak's login form").startsWith(issuer);
        assertThat(toCallback.status()).as(toCallback.body()).isEqualTo(302);
        assertThat(toCallback.location().toString())
                .startsWith(E2e.GATEWAY + "/api/v2/auth/sso/" + idpId + "/callback?region=" + REGION);
        Browser.Page landed = browser.get(toCallback.location());
        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        return landed;
    }

    /**
     * The session an SSO sign-in left in the browser: its refresh cookie refreshes as the SPA does it,
     * and /users/me says signed in by SSO in this region; that answer.
     */
    private static Response signedInBySso(Browser browser, Browser.Page landed) {
        String cookie = browser.cookie(URI.create(E2e.GATEWAY).getHost(), COOKIE);
        assertThat(cookie).as("refresh cookie after SSO; Set-Cookie: %s", landed.setCookies()).isNotBlank();
        Response refreshed = E2e.gateway().header("X-Region", REGION).header("X-Requested-With", "fetch")
                .cookie(COOKIE, cookie).post("/api/v2/auth/refresh");
        assertThat(refreshed.statusCode()).as(refreshed.asString()).isEqualTo(200);
        assertThat(refreshed.jsonPath().getString("status")).isEqualTo("AUTHENTICATED");
        Response me = E2e.gateway().auth().oauth2(refreshed.jsonPath().getString("accessToken")).get("/api/v2/users/me");
        assertThat(me.statusCode()).as(me.asString()).isEqualTo(200);
        assertThat(me.jsonPath().getString("authMethod")).isEqualTo("sso");
        assertThat(me.jsonPath().getString("region")).isEqualTo(REGION);
        return me;
    }

    private static Path unpackKeycloak() throws IOException {
        Path target = Path.of("target", "keycloak").toAbsolutePath();
        Path home = target.resolve("keycloak-" + KEYCLOAK_VERSION);
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path zip = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
                "org/keycloak/keycloak-quarkus-dist", KEYCLOAK_VERSION, "keycloak-quarkus-dist-" + KEYCLOAK_VERSION + ".zip");
        assertThat(zip).as("Keycloak distribution (built by identity-service's tests)").exists();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (String script : new String[] {"kc.sh", "kcadm.sh", "kcreg.sh"}) {
            home.resolve("bin").resolve(script).toFile().setExecutable(true);
        }
        return home;
    }
}
