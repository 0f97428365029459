package dev.threshold.identity.login;

import dev.threshold.common.caller.Claims;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.mfa.MfaConfig;
import dev.threshold.identity.problem.IdentityProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/** Checks mfa-service's signed proof that the person passed the MFA step of one login flow. */
@ApplicationScoped
public class MfaProofVerifier {

    private static final String AUDIENCE = "threshold-identity";
    /**
     * The second-factor methods (RFC 8176) a proof may name: {@code otp} (a TOTP code), {@code rcv}
     * (with otp: a recovery code), {@code hwk} (a passkey). Anything else (say {@code sso} or
     * {@code client}, which mean something to this service) is not a second factor: such a proof
     * is refused.
     */
    static final Set<String> SECOND_FACTORS = Set.of("otp", "rcv", "hwk");

    private final PublicKey key;
    private final String issuer;
    private final Clock clock;

    public MfaProofVerifier(MfaConfig config, RegionConfig region, Clock clock) {
        this.key = publicKey(config.proof().verifyKey());
        this.issuer = "threshold-mfa/" + region.region();
        this.clock = clock;
    }

    /**
     * The proof's methods ({@code otp}, maybe {@code rcv}; {@code hwk} after a passkey) when it is
     * valid for this user and flow.
     */
    public List<String> verify(String proof, String userId, String flowId) {
        try {
            JwtClaims claims = new JwtConsumerBuilder()
                    .setVerificationKey(key)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(AUDIENCE)
                    .setExpectedSubject(userId)
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(30)
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .build().processToClaims(proof);
            if (!flowId.equals(claims.getClaimValueAsString(Claims.FLOW))) {
                throw new ProblemException(IdentityProblem.MFA_PROOF_INVALID);
            }
            List<String> amr = claims.getStringListClaimValue(Claims.AMR);
            if (amr == null || amr.isEmpty()) {
                return List.of("otp");
            }
            if (!SECOND_FACTORS.containsAll(amr)) {
                throw new ProblemException(IdentityProblem.MFA_PROOF_INVALID);
            }
            return amr;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new ProblemException(IdentityProblem.MFA_PROOF_INVALID);
        }
    }

    private static PublicKey publicKey(String pem) {
        try {
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("threshold.mfa.proof.verify-key is not an EC public key (X.509 PEM)", e);
        }
    }
}
