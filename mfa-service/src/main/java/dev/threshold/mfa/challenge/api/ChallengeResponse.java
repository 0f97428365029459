package dev.threshold.mfa.challenge.api;

/** The signed mfaProof for identity-service's {@code POST /api/v2/auth/login/mfa}. */
public record ChallengeResponse(String mfaProof) {
}
