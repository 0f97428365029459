package dev.threshold.mfa.account.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/v2/mfa/enrollments/{id}/validate}: a 6-digit {@code code} for a TOTP device,
 * or the passkey's registration response, {@code credential} (WebAuthn Level 3
 * RegistrationResponseJSON, as {@code PublicKeyCredential.toJSON()} gives it).
 */
public record ValidateRequest(@Pattern(regexp = CodeRequest.CODE) String code, JsonNode credential) {
}
