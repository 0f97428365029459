package dev.threshold.mfa.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

/** Verifies mfaProofs as identity-service will: ES256 with the public half of the test key. */
public final class Proofs {

    private Proofs() {
    }

    public static JwtContext verify(String proof) {
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKey(publicKey())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer("threshold-mfa/us-east-1")
                    .setExpectedAudience("threshold-identity")
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setRequireSubject()
                    .build()
                    .process(proof);
        } catch (Exception e) {
            throw new AssertionError("mfaProof does not verify: " + e.getMessage(), e);
        }
    }

    public static JwtClaims claims(String proof) {
        return verify(proof).getJwtClaims();
    }

    private static PublicKey publicKey() throws Exception {
        try (InputStream in = Proofs.class.getClassLoader().getResourceAsStream("test-keys/mfa-proof-test-public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
