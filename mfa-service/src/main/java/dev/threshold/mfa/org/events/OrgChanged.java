package dev.threshold.mfa.org.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.threshold.common.events.OrgEventHandler;
import java.util.UUID;

/** Data of {@code org.created} and {@code org.updated} as this service reads it (unknown fields ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrgChanged(UUID orgId, String region, JsonNode settings) implements OrgEventHandler.OrgEvent {
}
