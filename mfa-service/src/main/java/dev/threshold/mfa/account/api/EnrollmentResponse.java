package dev.threshold.mfa.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threshold.mfa.webauthn.api.PublicKeyOptions;
import java.util.UUID;

/**
 * A pending enrollment. TOTP ({@code type: "totp"}): the secret (base32) for typing in, the
 * otpauth URI and its QR code ({@code data:image/png;base64,...}) for scanning, shown once, at
 * creation. Passkey ({@code type: "webauthn"}): {@code publicKey}, the creation options for
 * {@code navigator.credentials.create}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentResponse(UUID id, String name, String type, String secret, String otpauthUri, String qrCode,
        PublicKeyOptions.Creation publicKey) {

    public static EnrollmentResponse totp(UUID id, String name, String secret, String otpauthUri, String qrCode) {
        return new EnrollmentResponse(id, name, "totp", secret, otpauthUri, qrCode, null);
    }

    public static EnrollmentResponse passkey(UUID id, String name, PublicKeyOptions.Creation publicKey) {
        return new EnrollmentResponse(id, name, "webauthn", null, null, null, publicKey);
    }
}
