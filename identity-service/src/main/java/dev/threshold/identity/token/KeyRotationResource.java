package dev.threshold.identity.token;

import dev.threshold.identity.security.OperatorAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jose4j.jwk.JsonWebKey;

/** Operator: rotate the signing key now (it also rotates on its own every {@code rotation-interval}). */
@Path("/api/v2/keys/rotate")
@PermitAll
@Tag(name = "Operator")
public class KeyRotationResource {

    private final SigningKeys keys;
    private final OperatorAuthenticator operator;

    public KeyRotationResource(SigningKeys keys, OperatorAuthenticator operator) {
        this.keys = keys;
        this.operator = operator;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Operator: a new signing key takes over; the previous one stays published until its tokens expired")
    public Uni<RotationResult> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.requireOperator(authorization);
        return keys.rotate().map(set -> new RotationResult(set.activeKid(),
                set.published().getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList()));
    }

    public record RotationResult(String activeKid, List<String> publishedKids) {
    }
}
