package dev.threshold.identity.sso;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a sign-in may send the browser at its end: only to the configured origins (the SPA), so
 * that the SSO endpoints can never serve as an open redirect.
 */
@ApplicationScoped
public class ReturnTo {

    private final Set<String> allowedOrigins;

    public ReturnTo(SsoConfig config) {
        this.allowedOrigins = config.allowedReturnOrigins().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(ReturnTo::originOf).filter(origin -> origin != null).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code returnTo} itself, if allowed; else {@code 400 return_to_not_allowed}. */
    public String require(String returnTo) {
        if (returnTo == null || returnTo.length() > 2000 || !allowed(returnTo)) {
            throw new ProblemException(IdentityProblem.RETURN_TO_NOT_ALLOWED);
        }
        return returnTo;
    }

    public boolean allowed(String returnTo) {
        String origin = originOf(returnTo);
        return origin != null && allowedOrigins.contains(origin);
    }

    /** {@code returnTo} with {@code error=<code>} added to its query (before any fragment). */
    public static String withError(String returnTo, String code) {
        int hash = returnTo.indexOf('#');
        String base = hash < 0 ? returnTo : returnTo.substring(0, hash);
        String fragment = hash < 0 ? "" : returnTo.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + "error=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + fragment;
    }

    /** {@code scheme://host[:port]} in lower case without default ports, or null if not an http(s) URL. */
    static String originOf(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getRawAuthority() == null || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
