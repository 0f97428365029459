package dev.threshold.identity.org.events;

import dev.threshold.identity.org.OrgSettings;
import java.util.UUID;

/** {@code threshold.org.created.v1}: carries the first admin, whom invitation-service invites. */
public record OrgCreated(UUID orgId, String name, String region, OrgSettings settings, FirstAdmin admin) {

    public static final String NAME = "org.created";

    public record FirstAdmin(String email, String name, String locale) {
    }
}
