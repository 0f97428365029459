package dev.threshold.gateway.webui;

import dev.threshold.gateway.testing.FakeUpstreams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.threshold.gateway.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The web app as the gateway serves it: its routes, its assets, its headers, and nothing more. */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class WebUiTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+\\.(js|css))\"");

    @ParameterizedTest
    @ValueSource(strings = {"/", "/invite?token=abc&region=us-east-1", "/forgot-password", "/reset-password?token=abc&region=eu-central-1", "/login", "/login/org/acme", "/login/mfa",
            "/login/sso?error=access_denied", "/account", "/admin", "/admin/users", "/admin/api-clients"})
    void servesIndexWithStrictPolicyWhenAppRouteIsOpened(String path) {
        Response response = given().accept("text/html").get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.asString()).contains("<div id=\"app\"></div>");
        assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.APP_CSP)
                .contains("script-src 'self'", "frame-ancestors 'none'", "img-src 'self' data: https:",
                        "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertBrowserHeaders(response);
    }

    @Test
    void containsNoInlineScriptWhenIndexIsBuilt() {
        String index = given().get("/").asString();

        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(index);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("every script is a file the CSP allows").contains("src=\"/assets/");
        }
        assertThat(count).isGreaterThanOrEqualTo(1);
        assertThat(index).doesNotContain("style=");
    }

    @Test
    void servesHashedAssetsImmutableWhenIndexNamesThem() {
        String index = given().get("/").asString();
        Matcher assets = ASSET.matcher(index);
        int count = 0;
        while (assets.find()) {
            count++;
            Response asset = given().get(assets.group(1));
            assertThat(asset.statusCode()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.contentType()).startsWith(assets.group(2).equals("js") ? "text/javascript" : "text/css");
            assertThat(asset.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
            assertThat(asset.asByteArray().length).isGreaterThan(100);
            assertBrowserHeaders(asset);
        }
        assertThat(count).as("index names its script and its style sheet").isEqualTo(2);
    }

    @Test
    void sendsGzipWhenClientAcceptsIt() {
        String index = given().get("/").asString();
        Matcher assets = ASSET.matcher(index);
        assertThat(assets.find()).isTrue();
        RestAssuredConfig raw = RestAssuredConfig.config()
                .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

        Response gzipped = given().config(raw).header("Accept-Encoding", "gzip").get(assets.group(1));
        Response plain = given().config(raw).header("Accept-Encoding", "identity").get(assets.group(1));

        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.header("Vary")).contains("Accept-Encoding");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(gzipped.asByteArray().length).isLessThan(plain.asByteArray().length);
    }

    @Test
    void servesFaviconAndAppConfigWhenAsked() {
        Response icon = given().get("/favicon.svg");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.contentType()).startsWith("image/svg+xml");

        Response config = given().get("/app-config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.contentType()).startsWith("application/json");
        assertThat(config.asString()).startsWith("{");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/nothing-1234.js", "/files.txt", "/index.html", "/nothing-here", "/accounts",
            "/admin-panel", "/robots.txt", "/internal/users", "/assets/"})
    void answersProblemNotFoundWhenPathIsNotTheApps(String path) {
        Response response = given().accept("text/html").header("X-Region", "us-east-1").get(path);

        assertProblem(response, 404, "not_found");
        assertBrowserHeaders(response);
        assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.API_CSP);
    }

    @Test
    void answersMethodNotAllowedWhenAppRouteIsWrittenTo() {
        Response response = given().contentType("application/json").body("{}").post("/account");

        assertProblem(response, 405, "method_not_allowed");
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void answersHeadWithoutBodyWhenIndexIsProbed() {
        Response response = given().head("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asByteArray()).isEmpty();
    }

    @Test
    void addsBrowserHeadersWhenResponseIsProxied() {
        Response response = given().header("X-Region", "us-east-1").get("/api/v2/users/me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertBrowserHeaders(response);
        assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.API_CSP);
    }

    @Test
    void keepsApiProblemsJsonWhenBrowserAsksForHtml() {
        Response response = given().accept("text/html").get("/api/v2/users/me");

        assertProblem(response, 400, "region_required");
    }

    @Test
    void addsBrowserHeadersWhenGatewayAnswersItself() {
        Response regions = given().get("/api/v2/regions");

        assertThat(regions.statusCode()).isEqualTo(200);
        assertBrowserHeaders(regions);
        assertThat(regions.header("Strict-Transport-Security")).as("plain http: no HSTS").isNull();

        Response forwarded = given().header("X-Forwarded-Proto", "https").get("/api/v2/regions");
        assertThat(forwarded.header("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
    }

    private static void assertBrowserHeaders(Response response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Permissions-Policy")).isEqualTo(SecurityHeaders.PERMISSIONS_POLICY);
        assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(response.headers().getValues("X-Content-Type-Options")).hasSize(1);
    }
}
