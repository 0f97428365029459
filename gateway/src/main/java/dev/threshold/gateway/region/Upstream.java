package dev.threshold.gateway.region;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where one service of one region listens. A base path, if any, is put in front of every forwarded path.
 */
public record Upstream(String host, int port, boolean ssl, String basePath) {

    /**
     * Parses an absolute http(s) base URL such as {@code http://127.0.0.1:8110} or {@code https://identity.eu:8443/x}.
     *
     * @throws IllegalArgumentException with a message fit for a start-up error
     */
    public static Upstream parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry user info, a query or a fragment");
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Upstream(host, port, ssl, path);
    }

    @Override
    public String toString() {
        return (ssl ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + basePath;
    }
}
