package dev.threshold.mfa.org;

import dev.threshold.common.events.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The read model of the region's orgs, kept from identity-service's events: of each org, only its
 * MFA policy, the one thing this service acts on; an older event never wins over a newer one.
 */
@ApplicationScoped
public class OrgDirectory {

    private final OrganizationRepository organizations;
    private final Clock clock;

    public OrgDirectory(OrganizationRepository organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    /** Applies the event's state in the current transaction. */
    public Uni<Void> apply(UUID orgId, String region, OrgPolicy policy, Instant eventTime) {
        return organizations.keep(orgId, region, policy, ReadModels.eventTime(eventTime, clock), ReadModels.now(clock));
    }

    /**
     * Whether the org requires MFA. An org this service has not heard of yet counts as requiring
     * it: the answer only ever makes a user prove a code, never lets one skip it.
     */
    public Uni<Boolean> mfaRequired(UUID orgId) {
        return organizations.findById(orgId).map(org -> org == null || org.mfaRequired);
    }
}
