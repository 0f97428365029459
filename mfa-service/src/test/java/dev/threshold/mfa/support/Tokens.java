package dev.threshold.mfa.support;

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

/**
 * Bearers for the tests, signed with common's RS256 test key (which the %test profile trusts):
 * access tokens (aud threshold) as TestTokens makes them, and mfaTokens (aud threshold-mfa) as
 * identity-service hands them out during a password login (docs/tokens.md).
 */
public final class Tokens {

    public static final String REGION = "us-east-1";

    private Tokens() {
    }

    /** A user's access token. */
    public static String access(User user) {
        return access(user, claims -> claims);
    }

    public static String access(User user, UnaryOperator<JwtClaimsBuilder> change) {
        return sign(change.apply(accessClaims(user)));
    }

    /** A user's access token signed with another key than the test key (a key identity-service rotated to). */
    public static String accessSignedWith(User user, String kid, PrivateKey key) {
        return accessClaims(user).jws().keyId(kid).sign(key);
    }

    private static JwtClaimsBuilder accessClaims(User user) {
        return withEmail(Jwt.issuer(TestTokens.issuer(REGION)), user)
                .subject(user.id())
                .audience(Set.of(TestTokens.AUDIENCE))
                .claim("org", user.orgId().toString())
                .claim("region", REGION)
                .claim("roles", user.roles())
                .claim("amr", List.of("pwd"))
                .claim("sid", UUID.randomUUID().toString())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600));
    }

    /** An mfaToken for {@code enroll} or {@code challenge} in login flow {@code flow}. */
    public static String mfa(User user, String action, UUID flow) {
        return mfa(user, action, flow, claims -> claims);
    }

    public static String mfa(User user, String action, UUID flow, UnaryOperator<JwtClaimsBuilder> change) {
        return sign(change.apply(withEmail(Jwt.issuer(TestTokens.issuer(REGION)), user)
                .subject(user.id())
                .audience(Set.of("threshold-mfa"))
                .claim("org", user.orgId().toString())
                .claim("region", REGION)
                .claim("flow", flow.toString())
                .claim("mfa_action", action)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))));
    }

    /** A well-formed access token signed by a key nobody trusts. */
    public static String foreignKey(User user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(TestTokens.issuer(REGION)).subject(user.id()).audience(TestTokens.AUDIENCE)
                    .claim("org", user.orgId().toString()).expiresAt(Instant.now().plusSeconds(600))
                    .jws().keyId(TestTokens.KID).sign(generator.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder withEmail(JwtClaimsBuilder claims, User user) {
        return user.email() == null ? claims : claims.claim("email", user.email());
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(TestTokens.KID).sign(testKey());
    }

    private static PrivateKey testKey() {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream("test-keys/test-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
