package dev.threshold.mfa.webauthn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * WebAuthn Level 3 options as JSON (binary fields base64url without padding), in the shapes
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON}
 * take.
 */
public final class PublicKeyOptions {

    private PublicKeyOptions() {
    }

    /** PublicKeyCredentialCreationOptionsJSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Creation(RelyingPartyEntity rp, UserEntity user, String challenge,
            List<CredentialParameters> pubKeyCredParams, long timeout, List<CredentialDescriptor> excludeCredentials,
            AuthenticatorSelection authenticatorSelection, String attestation, Extensions extensions) {
    }

    /** PublicKeyCredentialRequestOptionsJSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String challenge, long timeout, String rpId, List<CredentialDescriptor> allowCredentials,
            String userVerification) {
    }

    public record RelyingPartyEntity(String id, String name) {
    }

    /** {@code id}: the user handle, base64url. */
    public record UserEntity(String id, String name, String displayName) {
    }

    public record CredentialParameters(String type, long alg) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CredentialDescriptor(String type, String id, List<String> transports) {
    }

    public record AuthenticatorSelection(String residentKey, boolean requireResidentKey, String userVerification) {
    }

    public record Extensions(boolean credProps) {
    }
}
