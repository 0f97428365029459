package dev.threshold.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Just enough of a browser for the SSO round trip: a cookie jar per host (it sends Secure cookies
 * over http to loopback hosts, as browsers do for localhost), redirects followed by the test
 * one at a time, and forms posted as a user would.
 */
public final class Browser {

    /** Keycloak's login form posts to {@code .../login-actions/authenticate?...}. */
    private static final Pattern KEYCLOAK_FORM_ACTION = Pattern.compile("action=\"([^\"]*login-actions/authenticate[^\"]*)\"");

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** host -> cookie name -> cookie. */
    private final Map<String, Map<String, Cookie>> jar = new LinkedHashMap<>();

    public record Cookie(String name, String value, String path, String raw) {
    }

    public record Page(URI uri, int status, Map<String, List<String>> headers, String body, List<String> setCookies) {

        public URI location() {
            String location = headers.getOrDefault("location", List.of()).stream().findFirst().orElse(null);
            return location == null ? null : uri.resolve(location);
        }

        /** The Set-Cookie header of this response for that cookie, or null. */
        public String setCookie(String name) {
            return setCookies.stream().filter(c -> c.startsWith(name + "=")).reduce((a, b) -> b).orElse(null);
        }
    }

    public Page get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), uri);
    }

    public Page get(String uri) {
        return get(URI.create(uri));
    }

    public Page postForm(URI uri, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), uri);
    }

    /** Follows redirects (at most 10); returns the first page that is not one. */
    public Page follow(Page page) {
        return follow(page, null);
    }

    /** Follows redirects while they stay below {@code stopBefore} (a prefix); returns the last page. */
    public Page follow(Page page, String stopBefore) {
        Page current = page;
        for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
            URI next = current.location();
            if (stopBefore != null && next.toString().startsWith(stopBefore)) {
                return current;
            }
            current = get(next);
        }
        return current;
    }

    /**
     * Opens {@code start} (a relying party's "sign in with ..." address), follows the redirects to
     * Keycloak's login form and posts the credentials as a person would. Returns Keycloak's answer
     * to the form: when the credentials are good, a redirect to the relying party's callback, which
     * the caller checks and follows.
     */
    public Page signInAtKeycloak(URI start, String username, String password) {
        Page form = follow(get(start));
        if (form.status() != 200) {
            throw new AssertionError("expected Keycloak's login form at " + form.uri() + ", got " + form.status() + ": " + form.body());
        }
        Matcher action = KEYCLOAK_FORM_ACTION.matcher(form.body());
        if (!action.find()) {
            throw new AssertionError("no login form at " + form.uri() + ": " + form.body());
        }
        return postForm(URI.create(action.group(1).replace("&amp;", "&")),
                Map.of("username", username, "password", password, "credentialId", ""));
    }

    public String cookie(String host, String name) {
        Cookie cookie = jar.getOrDefault(host, Map.of()).get(name);
        return cookie == null ? null : cookie.value();
    }

    public Map<String, Cookie> cookies(String host) {
        return Map.copyOf(jar.getOrDefault(host, Map.of()));
    }

    private Page send(HttpRequest.Builder request, URI uri) {
        String cookieHeader = jar.getOrDefault(uri.getHost(), Map.of()).values().stream()
                .filter(c -> (uri.getRawPath() == null ? "/" : uri.getRawPath()).startsWith(c.path()))
                .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        request.header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8").timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = response.headers().allValues("set-cookie");
            for (String header : setCookies) {
                store(uri.getHost(), header);
            }
            return new Page(uri, response.statusCode(), response.headers().map(), response.body(), new ArrayList<>(setCookies));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void store(String host, String header) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = "/";
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            String lower = attribute.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attribute.substring(5);
            } else if (lower.equals("max-age=0") || lower.startsWith("max-age=-")) {
                expired = true;
            } else if (lower.startsWith("expires=") && lower.contains("1970")) {
                expired = true;
            }
        }
        Map<String, Cookie> cookies = jar.computeIfAbsent(host, h -> new LinkedHashMap<>());
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new Cookie(name, value, path, header));
        }
    }
}
