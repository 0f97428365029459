package dev.threshold.common.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens for module tests, signed with the RS256 test key (quarkus-oidc's public-key setting takes RSA keys only; production tokens are ES256 from the JWKS) whose public half the services
 * trust in their test profile ({@code test-keys/test-public.pem}). Claims are those
 * identity-service issues: sub, org, region, roles, email, amr, aud, iss.
 */
public final class TestTokens {

    public static final String KID = "test-key-1";
    public static final String AUDIENCE = "threshold";

    private TestTokens() {
    }

    public static String issuer(String region) {
        return "http://localhost:8080/regions/" + region;
    }

    public static String admin(String orgId) {
        return token(UUID.randomUUID().toString(), orgId, "us-east-1", List.of("admin"), "admin@" + orgId + ".test");
    }

    public static String user(String orgId) {
        return token(UUID.randomUUID().toString(), orgId, "us-east-1", List.of("user"), "user@" + orgId + ".test");
    }

    public static String token(String subject, String orgId, String region, List<String> roles, String email) {
        return Jwt.issuer(issuer(region))
                .subject(subject)
                .audience(Set.of(AUDIENCE))
                .claim("org", orgId)
                .claim("region", region)
                .claim("roles", roles)
                .claim("email", email)
                .claim("amr", List.of("pwd"))
                .expiresIn(Duration.ofMinutes(10))
                .jws().keyId(KID)
                .sign(privateKey());
    }

    /** The public key as quarkus-oidc's {@code public-key} property wants it (base64 DER). */
    public static String publicKeyBase64() {
        return pem("test-keys/test-public.pem");
    }

    private static PrivateKey privateKey() {
        try {
            byte[] der = Base64.getDecoder().decode(pem("test-keys/test-private.pem"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
