package dev.threshold.invitation.redeem.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record RedeemRequest(@NotBlank @Size(max = 100) String token) {
}
