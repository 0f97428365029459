package dev.threshold.identity.org.api;

import dev.threshold.identity.org.OrgSettings;
import java.time.Instant;
import java.util.UUID;

public record OrganizationResponse(UUID id, String name, String region, OrgSettings settings, Instant createdAt) {
}
