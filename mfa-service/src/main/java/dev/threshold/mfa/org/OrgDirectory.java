package dev.threshold.mfa.org;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Keeps the org read model from identity-service's events; an older event never wins over a newer one. */
@ApplicationScoped
public class OrgDirectory {

    private static final String UPSERT = """
            insert into mfa.org (id, region, mfa_required, mfa_remember_days, event_time, updated_at)
            values (:id, :region, :required, :rememberDays, :eventTime, :now)
            on conflict (id) do update set region = excluded.region, mfa_required = excluded.mfa_required,
                mfa_remember_days = excluded.mfa_remember_days, event_time = excluded.event_time,
                updated_at = excluded.updated_at
             where mfa.org.event_time <= excluded.event_time""";

    private final OrganizationRepository organizations;
    private final Clock clock;

    public OrgDirectory(OrganizationRepository organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    /** Applies the event's state in the current transaction. */
    public Uni<Void> apply(UUID orgId, String region, OrgPolicy policy, Instant eventTime) {
        Instant time = (eventTime == null ? clock.instant() : eventTime).truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter("id", orgId)
                        .setParameter("region", region)
                        .setParameter("required", policy.mfaRequired())
                        .setParameter("rememberDays", policy.mfaRememberDays())
                        .setParameter("eventTime", time)
                        .setParameter("now", clock.instant().truncatedTo(ChronoUnit.MICROS))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Whether the org requires MFA. An org this service has not heard of yet counts as requiring
     * it: the answer only ever makes a user prove a code, never lets one skip it.
     */
    public Uni<Boolean> mfaRequired(UUID orgId) {
        return organizations.findById(orgId).map(org -> org == null || org.mfaRequired);
    }
}
