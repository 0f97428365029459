package dev.threshold.identity.org.events;

import dev.threshold.identity.org.OrgSettings;
import java.util.UUID;

/** {@code threshold.org.updated.v1}: the complete settings after a change. */
public record OrgUpdated(UUID orgId, String name, String region, OrgSettings settings) {

    public static final String NAME = "org.updated";
}
