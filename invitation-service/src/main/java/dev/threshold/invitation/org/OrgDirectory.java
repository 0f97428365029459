package dev.threshold.invitation.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The read model of the region's orgs, kept from identity-service's events: of each org its name
 * (the invitation emails show it) and its whole settings document, read when an invitation is
 * made or redeemed ({@link OrgSettings}); an older event never wins over a newer one.
 */
@ApplicationScoped
public class OrgDirectory {

    private final OrganizationRepository organizations;
    private final ObjectMapper mapper;
    private final Clock clock;

    public OrgDirectory(OrganizationRepository organizations, ObjectMapper mapper, Clock clock) {
        this.organizations = organizations;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Applies the event's state (in the current transaction) and returns the org as it now stands. */
    public Uni<Organization> apply(UUID orgId, String name, String region, JsonNode settings, Instant eventTime) {
        String settingsJson;
        try {
            settingsJson = settings == null ? "{}" : mapper.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return organizations.keep(orgId, name, region, settingsJson, ReadModels.eventTime(eventTime, clock), ReadModels.now(clock))
                .chain(() -> organizations.findById(orgId));
    }
}
