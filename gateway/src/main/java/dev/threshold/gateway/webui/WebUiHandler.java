package dev.threshold.gateway.webui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.gateway.config.GatewayConfig;
import dev.threshold.gateway.problem.ProblemCode;
import dev.threshold.gateway.problem.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the web app: its index page for the app's own routes (the browser router takes it from there), its
 * hashed assets, and {@code /app-config.json}. Only these paths: anything else stays a {@code 404 not_found}
 * problem, so an unknown API path never gets an HTML page.
 */
@Singleton
public class WebUiHandler {

    /** The app's client-side routes; {@code /*} forms also take their sub-paths. */
    public static final List<String> APP_ROUTES = List.of("/", "/invite", "/forgot-password", "/reset-password", "/login", "/login/*", "/account",
            "/account/*", "/admin", "/admin/*");

    public static final String CONFIG_PATH = "/app-config.json";

    /** What Vite writes into assets/ (name-hash.ext), plus the root files of public/. */
    private static final Pattern FILE = Pattern.compile("/(assets/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");

    private final WebUi webUi;
    private final Problems problems;
    private final boolean enabled;
    private final Buffer config;

    public WebUiHandler(GatewayConfig gatewayConfig, Problems problems, ObjectMapper json) {
        this.enabled = gatewayConfig.webui().enabled();
        this.webUi = enabled ? WebUi.load(Thread.currentThread().getContextClassLoader()) : null;
        this.problems = problems;
        Map<String, Object> app = new LinkedHashMap<>();
        gatewayConfig.webui().workAppUrl().ifPresent(url -> app.put("workAppUrl", url));
        gatewayConfig.webui().workAppName().ifPresent(name -> app.put("workAppName", name));
        try {
            this.config = Buffer.buffer(json.writeValueAsBytes(app));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Routes of the app, between the gateway's own endpoints and the 404 fallback. */
    public void register(Router router, int order) {
        if (!enabled) {
            return;
        }
        for (String path : APP_ROUTES) {
            router.route(path).order(order).handler(this::page);
        }
        router.route(CONFIG_PATH).order(order).handler(this::config);
        router.routeWithRegex("/(assets/[^/]+|[^/]+\\.(svg|png|ico|txt|webmanifest))").order(order + 1)
                .handler(this::file);
    }

    void page(RoutingContext rc) {
        if (!readOnly(rc)) {
            return;
        }
        if (rc.request().path().startsWith("/api/")) {
            rc.next();
            return;
        }
        Optional<WebUi.Asset> index = webUi.index();
        if (index.isEmpty()) {
            problems.send(rc, ProblemCode.NOT_FOUND);
            return;
        }
        rc.response().putHeader("Content-Security-Policy", SecurityHeaders.APP_CSP);
        // always revalidated: a new build must reach the browser at once (the assets it names are immutable)
        send(rc, index.get(), "no-cache");
    }

    void file(RoutingContext rc) {
        String path = rc.request().path();
        if (!FILE.matcher(path).matches()) {
            rc.next();
            return;
        }
        Optional<WebUi.Asset> asset = webUi.file(path);
        if (asset.isEmpty() || path.equals("/index.html") || path.equals("/files.txt")) {
            rc.next();
            return;
        }
        if (!readOnly(rc)) {
            return;
        }
        send(rc, asset.get(), asset.get().immutable() ? "public, max-age=31536000, immutable" : "public, max-age=3600");
    }

    void config(RoutingContext rc) {
        if (!readOnly(rc)) {
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(config.copy());
    }

    private boolean readOnly(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return true;
        }
        rc.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        problems.send(rc, ProblemCode.METHOD_NOT_ALLOWED);
        return false;
    }

    private static void send(RoutingContext rc, WebUi.Asset asset, String cacheControl) {
        HttpServerResponse response = rc.response();
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.VARY, "Accept-Encoding");
        String accepts = rc.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (asset.gzip() != null && accepts != null && accepts.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(Buffer.buffer(asset.gzip()));
        } else {
            response.end(Buffer.buffer(asset.body()));
        }
    }
}
