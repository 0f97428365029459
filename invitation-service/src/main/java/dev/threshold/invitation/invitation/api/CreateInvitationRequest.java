package dev.threshold.invitation.invitation.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v2/invitations} and one row of a bulk. {@code roles} defaults to
 * {@code ["user"]}; {@code locale} (the invitee's language) defaults to the org's.
 */
public record CreateInvitationRequest(
        @NotBlank @Size(max = 254) @Email(regexp = EMAIL_SHAPE, message = "{threshold.email.invalid}") String email,
        @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "{threshold.name.control}") String name,
        @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = "user|admin", message = "{threshold.role.unknown}") String> roles,
        @Pattern(regexp = LOCALES, message = "{threshold.locale.unsupported}") String locale) {

    /** Something@something.tld, no spaces; Hibernate Validator's @Email does the rest. */
    public static final String EMAIL_SHAPE = "[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}";
    public static final String LOCALES = "en|de|fr|es|it|nl|ja|pt-BR";
}
