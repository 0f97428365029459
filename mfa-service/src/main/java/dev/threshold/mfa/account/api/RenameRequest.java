package dev.threshold.mfa.account.api;

import jakarta.validation.constraints.NotNull;

/** {@code PATCH /api/v2/mfa/devices/{id}}: the new name, 1-64 characters once trimmed. */
public record RenameRequest(@NotNull String name) {
}
