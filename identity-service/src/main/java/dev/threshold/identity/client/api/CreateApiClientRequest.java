package dev.threshold.identity.client.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

public record CreateApiClientRequest(@NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 5) List<@Pattern(regexp = "admin|user", message = "{threshold.role}") String> roles) {
}
