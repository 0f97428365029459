package dev.threshold.identity.sso.saml;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.sso.IdpAddressGuard;
import dev.threshold.identity.sso.SsoConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Fetches an IdP's SAML metadata from the URL an org admin gave, through the SSRF guard exactly as
 * OpenID discovery does ({@link IdpAddressGuard}: http(s), every resolved address allowed, never
 * Threshold itself; connect to the very address checked, no redirects, a timeout). Whatever the
 * network answers, one code: {@code idp_metadata_unreachable}. At most 1 MB is read.
 */
@ApplicationScoped
public class MetadataFetcher {

    private static final Logger LOG = Logger.getLogger(MetadataFetcher.class);
    static final int MAX_BYTES = 1_000_000;

    private final WebClient client;
    private final SsoConfig config;
    private final IdpAddressGuard guard;

    public MetadataFetcher(Vertx vertx, SsoConfig config, IdpAddressGuard guard) {
        this.config = config;
        this.guard = guard;
        int timeout = (int) config.discoveryTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeout)
                .setFollowRedirects(false).setMaxPoolSize(4).setUserAgent("threshold-identity-saml"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<String> fetch(String url) {
        return guard.check(url).chain(target -> {
            SocketAddress server = SocketAddress.inetSocketAddress(target.port(),
                    target.addresses().get(0).getHostAddress());
            return client.requestAbs(HttpMethod.GET, server, url).timeout(config.discoveryTimeout().toMillis()).send()
                    .onFailure().transform(failure -> {
                        LOG.infof("SAML metadata at %s not fetched: %s", url, failure.toString());
                        return new ProblemException(IdentityProblem.IDP_METADATA_UNREACHABLE);
                    })
                    .map(response -> {
                        if (response.statusCode() != 200 || response.body() == null
                                || response.body().length() > MAX_BYTES) {
                            LOG.infof("SAML metadata at %s answered HTTP %d", url, response.statusCode());
                            throw new ProblemException(IdentityProblem.IDP_METADATA_UNREACHABLE);
                        }
                        return response.body().toString(StandardCharsets.UTF_8);
                    });
        });
    }
}
