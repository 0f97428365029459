package dev.threshold.invitation.invitation;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Roles an invitation may grant; identity-service puts them into the user's access tokens. */
public final class Role {

    public static final String USER = "user";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(USER, ADMIN);

    private Role() {
    }

    /** Stored as a comma-separated list in a fixed order. */
    public static String join(List<String> roles) {
        return String.join(",", normalize(roles));
    }

    public static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.split(","));
    }

    public static List<String> normalize(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            return List.of(USER);
        }
        return roles.stream().map(r -> r.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    }
}
