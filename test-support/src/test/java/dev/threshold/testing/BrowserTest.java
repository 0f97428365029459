package dev.threshold.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrowserTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/set", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/; HttpOnly; Secure");
            exchange.getResponseHeaders().add("Set-Cookie", "scoped=x; Path=/app");
            answer(exchange, 200, "set");
        });
        server.createContext("/clear", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "session=; Path=/; Max-Age=0");
            answer(exchange, 200, "cleared");
        });
        server.createContext("/echo", exchange -> answer(exchange, 200,
                String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"))));
        server.createContext("/app/echo", exchange -> answer(exchange, 200,
                String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"))));
        server.createContext("/hop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/echo");
            answer(exchange, 302, "");
        });
        server.createContext("/keycloak/auth", exchange -> answer(exchange, 200,
                "<form action=\"" + base + "/keycloak/login-actions/authenticate?session_code=1&amp;tab_id=2\">"));
        server.createContext("/keycloak/login-actions/authenticate", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "/callback?" + exchange.getRequestURI().getRawQuery() + "&" + form);
            answer(exchange, 302, "");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheCookiesOfItsHostAndPathLikeABrowser() {
        Browser browser = new Browser();
        Browser.Page set = browser.get(base + "/set");

        assertThat(set.setCookie("session")).startsWith("session=abc;");
        assertThat(browser.cookie("127.0.0.1", "session")).isEqualTo("abc");
        assertThat(browser.get(base + "/echo").body()).isEqualTo("session=abc");
        assertThat(browser.get(base + "/app/echo").body()).contains("session=abc").contains("scoped=x");
        assertThat(new Browser().get(base + "/echo").body()).isEqualTo("null");
    }

    @Test
    void forgetsACookieWhenTheServerExpiresIt() {
        Browser browser = new Browser();
        browser.get(base + "/set");

        browser.get(base + "/clear");

        assertThat(browser.cookie("127.0.0.1", "session")).isNull();
        assertThat(browser.cookies("127.0.0.1").keySet()).containsExactly("scoped");
    }

    @Test
    void followsRedirectsOnlyWhenAsked() {
        Browser browser = new Browser();
        Browser.Page hop = browser.get(base + "/hop");

        assertThat(hop.status()).isEqualTo(302);
        assertThat(hop.location()).isEqualTo(URI.create(base + "/echo"));
        assertThat(browser.follow(hop).uri()).isEqualTo(URI.create(base + "/echo"));
        assertThat(browser.follow(hop, base + "/echo").status()).isEqualTo(302);
    }

    @Test
    void answersKeycloaksLoginFormWithTheCredentials() {
        Browser.Page posted = new Browser().signInAtKeycloak(URI.create(base + "/keycloak/auth"), "alice", "alice-pass-1");

        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.uri().toString()).isEqualTo(base + "/keycloak/login-actions/authenticate?session_code=1&tab_id=2");
        assertThat(List.of(posted.location().getRawQuery().split("&")))
                .contains("session_code=1", "tab_id=2", "username=alice", "password=alice-pass-1", "credentialId=");
    }

    @Test
    void postsFormsUrlEncoded() {
        server.createContext("/form", exchange -> answer(exchange, 200,
                exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));

        Browser.Page page = new Browser().postForm(URI.create(base + "/form"), Map.of("q", "a b&c"));

        assertThat(page.body()).isEqualTo("application/x-www-form-urlencoded q=a+b%26c");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
