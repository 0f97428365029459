package dev.threshold.invitation.invitation;

import java.util.List;
import java.util.Locale;

/** A validated invitation to create, whoever asked for it (an admin, a bulk row, org.created). */
public record NewInvitation(String email, String name, List<String> roles, String locale, String invitedBy) {

    public NewInvitation {
        email = email.strip();
        name = name.strip();
        roles = Role.normalize(roles);
    }

    public String emailKey() {
        return email.toLowerCase(Locale.ROOT);
    }
}
