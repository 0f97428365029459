package dev.threshold.identity.token;

import dev.threshold.common.caller.Claims;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenID discovery and the JWKS of this region. The JWKS is short-cached so a rotation reaches
 * resource servers quickly; they also re-fetch when they meet an unknown {@code kid}.
 */
@Path("/.well-known")
@PermitAll
@Tag(name = "Discovery")
public class DiscoveryResource {

    private static final CacheControl FIVE_MINUTES = CacheControl.valueOf("public, max-age=300");
    private static final CacheControl ONE_MINUTE = CacheControl.valueOf("public, max-age=60");

    private final SigningKeys keys;
    private final Issuer issuer;
    private final TokenConfig config;

    public DiscoveryResource(SigningKeys keys, Issuer issuer, TokenConfig config) {
        this.keys = keys;
        this.issuer = issuer;
        this.config = config;
    }

    @GET
    @Path("jwks.json")
    @Produces("application/jwk-set+json")
    @Operation(summary = "The public keys that verify this region's access tokens")
    public Uni<Response> jwks() {
        return keys.keys().map(set -> Response.ok(set.jwksJson()).cacheControl(ONE_MINUTE).build());
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata of this region")
    public Response configuration() {
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        String regionQuery = "?region=" + issuer.region();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer.url());
        metadata.put("jwks_uri", base + "/.well-known/jwks.json" + regionQuery);
        metadata.put("token_endpoint", base + "/oauth/token" + regionQuery);
        metadata.put("grant_types_supported", List.of("client_credentials", "refresh_token"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("response_types_supported", List.of("token"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
        metadata.put("claims_supported", List.of("sub", Claims.ORG, Claims.REGION, Claims.ROLES, Claims.EMAIL, Claims.AMR,
                Claims.SESSION));
        return Response.ok(metadata).cacheControl(FIVE_MINUTES).build();
    }
}
