package dev.threshold.mfa.org;

import dev.threshold.common.events.ReadModels;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    private static final String KEEP = ReadModels.upsertUnlessNewer("mfa.org",
            List.of("region", "mfa_required", "mfa_remember_days"));

    /** Takes an org event's state, in the current transaction, unless the row reflects a newer event. */
    public Uni<Void> keep(UUID orgId, String region, OrgPolicy policy, Instant eventTime, Instant now) {
        return getSession()
                .chain(session -> session.createNativeQuery(KEEP)
                        .setParameter("id", orgId)
                        .setParameter("region", region)
                        .setParameter("mfa_required", policy.mfaRequired())
                        .setParameter("mfa_remember_days", policy.mfaRememberDays())
                        .setParameter("event_time", eventTime)
                        .setParameter("updated_at", now)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
