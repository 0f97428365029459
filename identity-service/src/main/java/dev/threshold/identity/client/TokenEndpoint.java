package dev.threshold.identity.client;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OAuth 2.0 token endpoint (RFC 6749 section 4.4, client credentials). Errors follow section 5.2
 * ({@code {"error", "error_description"}}), as OAuth client libraries expect, not problem+json.
 */
@Path("/oauth/token")
@PermitAll
@Tag(name = "API clients")
public class TokenEndpoint {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");
    private static final String BASIC = "Basic ";

    private final ApiClientService clients;

    public TokenEndpoint(ApiClientService clients) {
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Client credentials grant: an access token for an API client (HTTP Basic or form credentials)")
    public Uni<Response> token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @FormParam("grant_type") String grantType, @FormParam("client_id") String formClientId,
            @FormParam("client_secret") String formSecret) {
        boolean basic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
        if (grantType == null || grantType.isBlank()) {
            return Uni.createFrom().item(error(400, "invalid_request", "grant_type is required.", false));
        }
        if (!"client_credentials".equals(grantType)) {
            return Uni.createFrom().item(error(400, "unsupported_grant_type",
                    "Only grant_type=client_credentials is supported.", false));
        }
        if (basic && (formClientId != null || formSecret != null)) {
            return Uni.createFrom().item(error(400, "invalid_request",
                    "Authenticate with HTTP Basic or with form parameters, not both.", false));
        }
        String[] credentials = basic ? fromBasic(authorization.substring(BASIC.length()).trim())
                : new String[] {formClientId, formSecret};
        if (credentials == null || credentials[0] == null || credentials[1] == null
                || credentials[0].isEmpty() || credentials[0].length() > 100 || credentials[1].length() > 200) {
            return Uni.createFrom().item(error(401, "invalid_client", "Client authentication failed.", basic));
        }
        return clients.grant(credentials[0], credentials[1]).map(granted -> {
            if (granted == null) {
                return error(401, "invalid_client", "Client authentication failed.", basic);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", granted.accessToken());
            body.put("token_type", "Bearer");
            body.put("expires_in", granted.expiresIn());
            return Response.ok(body).cacheControl(NO_STORE).header("Pragma", "no-cache").build();
        });
    }

    /** RFC 6749 2.3.1: client id and secret are form-urlencoded, then joined by a colon and base64-encoded. */
    private static String[] fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response error(int status, String error, String description, boolean basicChallenge) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                .cacheControl(NO_STORE).entity(Map.of("error", error, "error_description", description));
        if (status == 401 && basicChallenge) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"threshold\"");
        }
        return response.build();
    }
}
