package dev.threshold.mfa.account.api;

import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /api/v2/mfa/enrollments}: the device's name, 1-64 characters once trimmed, and its
 * type, {@code totp} (the default) or {@code webauthn} (a passkey).
 */
public record CreateEnrollmentRequest(@NotNull String name, String type) {
}
