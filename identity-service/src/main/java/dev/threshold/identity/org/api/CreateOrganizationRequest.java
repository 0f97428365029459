package dev.threshold.identity.org.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v2/orgs}: a new organization and its first admin. */
public record CreateOrganizationRequest(
        @NotBlank @Size(min = 2, max = 63)
        @Pattern(regexp = "(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?", message = "{threshold.org.name.pattern}")
        String name,
        @NotBlank @Email @Size(max = 254) String adminEmail,
        @NotBlank @Size(max = 200) String adminName,
        @Pattern(regexp = "en|de|fr|es|it|nl|ja|pt-BR", message = "{threshold.locale.unsupported}") String locale) {
}
