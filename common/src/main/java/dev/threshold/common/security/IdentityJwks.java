package dev.threshold.common.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Reads the key ids of identity-service's JWKS ({@code quarkus.oidc.auth-server-url} +
 * {@code quarkus.oidc.jwks-path}, the document quarkus-oidc verifies with). The read is an
 * idempotent GET, so it is retried with jitter; a circuit breaker stops asking an
 * identity-service that keeps failing ({@code identity-jwks}; its delay is the
 * {@code Retry-After} of {@code 503 identity_unavailable}, {@link IdentityKeys#RETRY_AFTER_SECONDS}).
 * Anything but a {@code 200} with a JSON {@code keys} array is a failure.
 */
@ApplicationScoped
@IfBuildProperty(name = IdentityKeysProducer.ENABLED, stringValue = "true")
public class IdentityJwks {

    public static final String CIRCUIT_BREAKER = "identity-jwks";

    private final Optional<String> url;
    private final HttpClient client;
    private final long timeoutMillis;

    public IdentityJwks(Vertx vertx, IdentityKeysConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
            @ConfigProperty(name = "quarkus.oidc.jwks-path") Optional<String> jwksPath) {
        this.url = authServerUrl.filter(u -> !u.isBlank()).map(base -> join(base, jwksPath.orElse("")));
        this.timeoutMillis = config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeoutMillis)
                .setKeepAlive(true)
                .setMaxPoolSize(4));
    }

    /** The JWKS address, absent when tokens are verified with a fixed public key. */
    public Optional<String> url() {
        return url;
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 80, delayUnit = ChronoUnit.MILLIS, abortOn = CircuitBreakerOpenException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = IdentityKeys.RETRY_AFTER_SECONDS,
            delayUnit = ChronoUnit.SECONDS, successThreshold = 2)
    @CircuitBreakerName(CIRCUIT_BREAKER)
    public Uni<Set<String>> keyIds() {
        String address = url.orElseThrow(() -> new IllegalStateException("no quarkus.oidc.auth-server-url"));
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(address)
                        .putHeader("Accept", "application/jwk-set+json, application/json;q=0.9").setIdleTimeout(timeoutMillis))
                .flatMap(request -> request.send())
                .flatMap(response -> response.body().map(body -> parse(response, body)));
    }

    static Set<String> parse(HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JWKS answered HTTP " + response.statusCode());
        }
        return keyIds(body.toString());
    }

    /** The {@code kid}s of a JWKS document; fails unless it is a JSON object with a {@code keys} array. */
    static Set<String> keyIds(String document) {
        JsonArray keys = new JsonObject(document).getJsonArray("keys");
        if (keys == null) {
            throw new IllegalStateException("JWKS without a keys array");
        }
        Set<String> ids = new HashSet<>();
        for (Object key : keys) {
            if (key instanceof JsonObject jwk && jwk.getValue("kid") instanceof String kid && !kid.isEmpty()) {
                ids.add(kid);
            }
        }
        return ids;
    }

    private static String join(String base, String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return path;
        }
        String left = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return path.isEmpty() ? left : left + (path.startsWith("/") ? path : "/" + path);
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
