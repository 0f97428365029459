package dev.threshold.identity.sso.saml;

import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.sso.SsoConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Our SAML service provider's addresses for one identity provider, all under the gateway's public
 * base URL and with the region in the query (the gateway routes the IdP's POST by it):
 * <ul>
 * <li>entity id = metadata URL: {@code <base>/api/v2/auth/sso/<id>/saml/metadata?region=<region>}</li>
 * <li>assertion consumer service: {@code <base>/api/v2/auth/sso/<id>/saml/acs?region=<region>}</li>
 * </ul>
 * Without {@code threshold.sso.public-base-url} (module tests on a random port) the base is the
 * current request's scheme and host.
 */
@ApplicationScoped
public class SamlUrls {

    /** Our addresses for one provider. */
    public record Sp(String entityId, String acsUrl, String metadataUrl) {
    }

    private final SsoConfig config;
    private final CurrentVertxRequest request;
    private final String region;

    public SamlUrls(SsoConfig config, CurrentVertxRequest request, RegionConfig region) {
        this.config = config;
        this.request = request;
        this.region = region.region();
    }

    /** Read on the request's thread, before anything asynchronous. */
    public String base() {
        String base = config.publicBaseUrl().filter(b -> !b.isBlank()).orElseGet(() -> {
            RoutingContext current = request.getCurrent();
            if (current == null) {
                throw new IllegalStateException("no public base URL configured and no request to take it from");
            }
            return current.request().scheme() + "://" + current.request().authority();
        });
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public Sp sp(String base, UUID idpId) {
        String prefix = base + "/api/v2/auth/sso/" + idpId + "/saml/";
        String metadata = prefix + "metadata?region=" + region;
        return new Sp(metadata, prefix + "acs?region=" + region, metadata);
    }

    public String region() {
        return region;
    }
}
