package dev.threshold.mfa.device.api;

import java.util.UUID;

/**
 * A pending enrollment: the secret (base32) for typing in, the otpauth URI and its QR code
 * ({@code data:image/png;base64,...}) for scanning. Shown once, at creation.
 */
public record EnrollmentResponse(UUID id, String name, String secret, String otpauthUri, String qrCode) {
}
