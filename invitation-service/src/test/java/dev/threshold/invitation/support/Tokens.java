package dev.threshold.invitation.support;

import dev.threshold.common.testing.TestTokens;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Tokens TestTokens does not make: wrong audience, expired, foreign key, odd claims. */
public final class Tokens {

    private Tokens() {
    }

    /** An admin token of the org with the given changes to its claims, signed with the test key. */
    public static String admin(String orgId, UnaryOperator<JwtClaimsBuilder> change) {
        return change.apply(defaults(orgId)).jws().keyId(TestTokens.KID).sign(testKey());
    }

    /** An admin token of the org signed with another key than the test key (a key identity-service rotated to). */
    public static String adminSignedWith(String orgId, String kid, PrivateKey key) {
        return defaults(orgId).jws().keyId(kid).sign(key);
    }

    /** A well-formed admin token signed by a key nobody trusts. */
    public static String foreignKey(String orgId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return defaults(orgId).jws().keyId(TestTokens.KID).sign(generator.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder defaults(String orgId) {
        return Jwt.issuer(TestTokens.issuer("us-east-1"))
                .subject(UUID.randomUUID().toString())
                .audience(Set.of(TestTokens.AUDIENCE))
                .claim("org", orgId)
                .claim("region", "us-east-1")
                .claim("roles", List.of("admin"))
                .claim("email", "admin@" + orgId + ".test")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600));
    }

    private static PrivateKey testKey() {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream("test-keys/test-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(pem);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
