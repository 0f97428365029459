package dev.threshold.mfa.challenge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.mfa.account.api.CodeRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Exactly one of a 6-digit TOTP {@code code}, a {@code recoveryCode}, or a passkey's assertion,
 * {@code credential} (WebAuthn Level 3 AuthenticationResponseJSON).
 */
public record ChallengeRequest(@Pattern(regexp = CodeRequest.CODE) String code,
        @Size(min = 1, max = 32) String recoveryCode, JsonNode credential) {
}
