package dev.threshold.mfa.proof;

import dev.threshold.common.caller.Claims;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.mfa.config.MfaConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signs mfaProofs (docs/tokens.md): ES256 JWTs that tell identity-service "this user proved a
 * second factor for this login flow". Loaded at start so a missing or wrong key stops the service.
 */
@Singleton
@Startup
public class ProofSigner {

    public static final String AUDIENCE = "threshold-identity";
    /** {@code amr} (RFC 8176) after a TOTP code: one-time password. */
    public static final List<String> TOTP = List.of("otp");
    /** After a recovery code: a one-time password too, from the recovery set. */
    public static final List<String> RECOVERY_CODE = List.of("otp", "rcv");
    /** After a passkey: proof of possession of a hardware-secured key. */
    public static final List<String> PASSKEY = List.of("hwk");

    private final PrivateKey key;
    private final String keyId;
    private final String issuer;
    private final MfaConfig config;
    private final Clock clock;

    public ProofSigner(MfaConfig config, RegionConfig region, Clock clock) {
        this.key = parse(config.proof().signingKey());
        this.keyId = config.proof().keyId();
        this.issuer = "threshold-mfa/" + region.region();
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param amr the methods of the second factor: {@link #TOTP}, {@link #RECOVERY_CODE} or {@link #PASSKEY}
     */
    public String sign(String userId, UUID orgId, UUID flow, List<String> amr) {
        Instant now = clock.instant();
        return Jwt.claims()
                .issuer(issuer)
                // a one-element array, as docs/tokens.md has it (audience(...) would collapse it to a string)
                .claim("aud", List.of(AUDIENCE))
                .subject(userId)
                .claim(Claims.ORG, orgId.toString())
                .claim(Claims.FLOW, flow.toString())
                .claim(Claims.AMR, amr)
                .issuedAt(now)
                .expiresAt(now.plus(config.proof().ttl()))
                .claim(Claims.TOKEN_ID, UUID.randomUUID().toString())
                .jws().algorithm(SignatureAlgorithm.ES256).keyId(keyId)
                .sign(key);
    }

    /** PKCS#8 PEM (newlines, or {@code \n} escapes as env files write them) or its bare base64 body. */
    static PrivateKey parse(String pem) {
        String body = pem == null ? "" : pem.replace("\\n", "\n").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("threshold.mfa.proof.signing-key must be an EC P-256 key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "threshold.mfa.proof.signing-key (THRESHOLD_MFA_PROOF_SIGNING_KEY) is not a PKCS#8 EC P-256 private key", e);
        }
    }
}
