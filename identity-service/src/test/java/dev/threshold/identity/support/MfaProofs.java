package dev.threshold.identity.support;

import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** mfaProofs as mfa-service signs them (its test key), and the claims of a JWT, for login tests. */
public final class MfaProofs {

    private MfaProofs() {
    }

    public static String proof(UUID userId, String flow, List<String> amr) {
        return Jwt.claims().issuer("threshold-mfa/us-east-1").audience("threshold-identity")
                .subject(userId.toString()).claim("flow", flow).claim("amr", amr)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(120))
                .jws().algorithm(SignatureAlgorithm.ES256).keyId("mfa-proof-test").sign(testKey());
    }

    public static Map<String, Object> claims(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonPath(json).getMap("$");
    }

    private static PrivateKey testKey() {
        try (InputStream in = MfaProofs.class.getClassLoader().getResourceAsStream("test-keys/mfa-proof-test-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
