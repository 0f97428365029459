package dev.threshold.identity.account.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ChangePasswordRequest(@NotNull @Size(min = 1, max = 4096) String currentPassword,
        @NotNull @Size(min = 1, max = 4096) String newPassword) {
}
