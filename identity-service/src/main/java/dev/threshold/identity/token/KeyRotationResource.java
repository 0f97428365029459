package dev.threshold.identity.token;

import dev.threshold.identity.security.OperatorOnly;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
    public KeyRotationResource(SigningKeys keys) {
        this.keys = keys;
    }

    @POST
    @OperatorOnly
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Operator: a new signing key takes over; the previous one stays published until its tokens expired")
    public Uni<RotationResult> rotate() {
        return keys.rotate().map(set -> new RotationResult(set.activeKid(),
                set.published().getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList()));
    }

    public record RotationResult(String activeKid, List<String> publishedKids) {
    }
}
