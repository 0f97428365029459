package dev.threshold.invitation.org.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.events.OrgEventHandler;
import java.util.UUID;

/**
 * Data of {@code org.created} and {@code org.updated} as this service reads it (unknown fields
 * ignored). {@code admin} is set on {@code org.created} only: the first admin to invite.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrgChanged(UUID orgId, String name, String region, JsonNode settings, FirstAdmin admin)
        implements OrgEventHandler.OrgEvent {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FirstAdmin(String email, String name, String locale) {
    }
}
