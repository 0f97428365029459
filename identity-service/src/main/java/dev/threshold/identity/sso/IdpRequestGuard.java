package dev.threshold.identity.sso;

import io.quarkus.oidc.common.OidcRequestFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last line of the SSRF guard: every request quarkus-oidc sends for a sign-in (token, JWKS,
 * userinfo...) goes through {@link IdpAddressGuard} once more, just before it leaves, with DNS
 * resolved again. The tenant was only built from checked endpoints ({@link SsoTenantResolver});
 * this makes sure nothing else, and no address that changed since, is ever contacted.
 */
@ApplicationScoped
public class IdpRequestGuard implements OidcRequestFilter {

    private final IdpAddressGuard guard;

    public IdpRequestGuard(IdpAddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public Uni<Void> filter(OidcRequestFilterContext context) {
        String url = urlOf(context.request());
        return context.runBlocking(() -> guard.checkBlocking(url));
    }

    static String urlOf(HttpRequest<Buffer> request) {
        String host = request.host();
        if (host != null && host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        boolean https = Boolean.TRUE.equals(request.ssl());
        return (https ? "https" : "http") + "://" + host + ":" + request.port() + "/";
    }
}
